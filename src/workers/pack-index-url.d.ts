/** scripts/vite-pack-index.ts: the URL of the build's pack index asset; undefined on the dev server. */
declare module 'virtual:loupe-pack-index' {
  const url: string | undefined;
  export default url;
}
