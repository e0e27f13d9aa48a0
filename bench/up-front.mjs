// What a page loads up front from a bundler's output: the entry chunks and every chunk they import statically. The
// rest (dynamic imports) loads lazily. Shared by the bundle-size and example-size benches.

/** The file names of the chunks of `output` (Rollup/Vite `output` array) that load up front. */
export function upFrontChunks(output) {
  const chunks = new Map(output.filter((c) => c.type === 'chunk').map((c) => [c.fileName, c]));
  const upFront = new Set();
  const visit = (name) => {
    if (upFront.has(name) || !chunks.has(name)) return;
    upFront.add(name);
    for (const imported of chunks.get(name).imports) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  return { chunks, upFront };
}
