/**
 * Element Plus on demand, without `app.use(ElementPlus)` and its 365 KB stylesheet (which put all
 * ~90 components and all their CSS into what every page loads first, the portal on a phone too).
 *
 * - The Vue compiler turns a template's `<el-table>` into `_resolveComponent("el-table")` and
 *   `v-loading` into `_resolveDirective("loading")`: those calls become named imports from
 *   `element-plus` (the bundler tree-shakes the rest) plus the component's stylesheet
 *   (`element-plus/es/components/table/style/css`, which brings its dependencies' too).
 * - A script's own `import { ElMessage, ElMessageBox } from 'element-plus'` gets the stylesheets of
 *   what it imports.
 *
 * Each lazy route's chunk thus carries the components and CSS it uses. The component stylesheets
 * come first in every module, so a page's own styles still follow Element Plus' (the cascade of the
 * old single stylesheet); main.ts puts Element Plus' base (its CSS variables) before main.css. The
 * same idea as unplugin-vue-components' resolver, in a few lines (ADR 0019). An `el-*` tag that is
 * not an Element Plus component fails the build.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

const COMPONENT = /\b_?resolveComponent\(\s*"(el-[a-z0-9-]+)"(?:\s*,\s*true)?\s*\)/g;
const DIRECTIVE = /\b_?resolveDirective\(\s*"([a-z-]+)"\s*\)/g;
const NAMED_IMPORT = /\bimport\s*\{([^}]*)\}\s*from\s*["']element-plus["']/g;
/** directives Element Plus provides, by their template name: [export, stylesheet folder] */
const DIRECTIVES: Record<string, [string, string]> = { loading: ['vLoading', 'loading'] };

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
const kebab = (name: string) => name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());

export function elementPlusOnDemand(opts: { srcDir: string }): Plugin {
  const componentsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('element-plus/package.json')), 'es/components');
  const hasStyle = (dir: string) => existsSync(path.join(componentsDir, dir, 'style/css.mjs'));
  const styleImport = (dir: string) => `import "element-plus/es/components/${dir}/style/css";`;
  return {
    name: 'yichuang:element-plus-on-demand',
    enforce: 'post',
    transform(code, id) {
      if (!id.startsWith(opts.srcDir) || !/\.(?:vue|ts)$/.test(id) || !/element-plus|resolveComponent\(|resolveDirective\(/.test(code)) return null;
      const imports = new Map<string, string>(); // local name → exported name
      const styles = new Set<string>();
      let out = code.replace(COMPONENT, (_m, tag: string) => {
        const dir = tag.slice(3);
        if (!existsSync(path.join(componentsDir, dir))) this.error(`<${tag}> in ${id} is not an Element Plus component`);
        const exported = `El${pascal(dir)}`;
        imports.set(`__ep_${exported}`, exported);
        if (hasStyle(dir)) styles.add(dir);
        return `__ep_${exported}`;
      });
      out = out.replace(DIRECTIVE, (match, name: string) => {
        const known = DIRECTIVES[name];
        if (!known) return match; // not one of Element Plus' (the app's own, or Vue's)
        imports.set(`__ep_${known[0]}`, known[0]);
        styles.add(known[1]);
        return `__ep_${known[0]}`;
      });
      for (const m of out.matchAll(NAMED_IMPORT)) {
        for (const spec of m[1]!.split(',')) {
          const name = spec.trim().split(/\s+as\s+/)[0]!;
          if (!/^El[A-Z]/.test(name)) continue;
          const dir = kebab(name.slice(2));
          if (hasStyle(dir)) styles.add(dir);
        }
      }
      if (!imports.size && !styles.size) return null;
      const specifiers = [...imports].map(([local, exported]) => `${exported} as ${local}`).join(', ');
      const head = [...styles].sort().map(styleImport);
      if (specifiers) head.push(`import { ${specifiers} } from "element-plus";`);
      return { code: `${head.join('\n')}\n${out}`, map: null };
    },
  };
}
