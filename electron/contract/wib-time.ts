// The renderer shows every time a person reads in WIB ("9 Des 2026 23.59 WIB"), never raw ISO. The rule
// lives once in sync/protocol; the renderer may import only the contract, so it reaches it through here.
export { formatWib, formatWibEn, formatWibIn } from '../../sync/protocol/wib-time';
