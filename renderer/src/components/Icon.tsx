// Result icons as inline SVG (no image files, crisp at any size). Decorative: the words carry the meaning.
export type IconName = 'check' | 'cross' | 'officer' | 'exit';

export function Icon({ name, size = 200 }: { name: IconName; size?: number }) {
  const common = { width: size, height: size, viewBox: '0 0 100 100', 'aria-hidden': true, focusable: false } as const;
  switch (name) {
    case 'check':
      return (
        <svg {...common}>
          <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" strokeWidth="7" />
          <path d="M28 52 L44 67 L73 35" fill="none" stroke="currentColor" strokeWidth="9" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case 'cross':
      return (
        <svg {...common}>
          <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" strokeWidth="7" />
          <path d="M32 32 L68 68 M68 32 L32 68" stroke="currentColor" strokeWidth="9" strokeLinecap="round" />
        </svg>
      );
    case 'officer':
      return (
        <svg {...common}>
          <path d="M50 6 L95 88 H5 Z" fill="none" stroke="currentColor" strokeWidth="7" strokeLinejoin="round" />
          <path d="M50 36 V62" stroke="currentColor" strokeWidth="9" strokeLinecap="round" />
          <circle cx="50" cy="75" r="5" fill="currentColor" />
        </svg>
      );
    case 'exit':
      return (
        <svg {...common}>
          <path d="M40 12 H84 V88 H40" fill="none" stroke="currentColor" strokeWidth="7" strokeLinejoin="round" />
          <path d="M12 50 H62 M48 34 L64 50 L48 66" fill="none" stroke="currentColor" strokeWidth="8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
  }
}
