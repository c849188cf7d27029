/**
 * Writes m/precache.json at build time: every file the engineer app needs to open with no
 * network (its HTML, the entry script with its static and lazy chunks, their styles and
 * assets, the manifest and icons). The service worker (web/public/m/sw.js) caches this list.
 */
import type { Plugin } from 'vite';

const PUBLIC_FILES = ['/m/manifest.webmanifest', '/m/icon.svg', '/m/icon-192.png', '/m/icon-512.png'];

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  name: string;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}

export function mobilePrecache(entryName = 'mobile'): Plugin {
  return {
    name: 'loopdesk-mobile-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk as unknown as ChunkLike]));
      const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.name === entryName);
      if (!entry) return;
      const files = new Set<string>();
      const visit = (chunk: ChunkLike) => {
        if (files.has(chunk.fileName)) return;
        files.add(chunk.fileName);
        for (const file of [...chunk.viteMetadata?.importedCss ?? [], ...chunk.viteMetadata?.importedAssets ?? []]) files.add(file);
        for (const name of [...chunk.imports, ...chunk.dynamicImports]) {
          const next = chunks.get(name);
          if (next) visit(next);
        }
      };
      visit(entry);
      const list = ['/m/', ...[...files].sort().map((file) => `/${file}`), ...PUBLIC_FILES];
      this.emitFile({ type: 'asset', fileName: 'm/precache.json', source: `${JSON.stringify({ files: list }, null, 1)}\n` });
    },
  };
}
