// opencc-js ships its dictionaries as plain modules without declarations: "src dst|src dst|...".
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
