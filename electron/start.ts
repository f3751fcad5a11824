// `npm start`: the kiosk demo. Until the kiosk app lands this says what exists.
console.log('jejak-kiosk: the kiosk app is not assembled yet. What exists: `npm test`, `npm run bench -- <suite>`.');
