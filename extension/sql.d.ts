/** SQL files imported as text (Vite's `?raw`). */
declare module '*.sql?raw' {
  const sql: string;
  export default sql;
}
