import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import BUILD_GROUPS from "./build-groups.json" with { type: "json" };

/** One HTML entry per app: the server maps /<app>/... to dist/<app>.html, so a kiosk never loads management code. */
export const APPS = ["manage", "portal", "kiosk", "display", "counter", "evaluator", "district", "ticket"] as const;

/**
 * Apps built together share chunks, and a module used by several of them lands in a chunk of its
 * own for that set of apps: with eight apps in one graph the portal's antd came in 20 small files
 * (each with ~1 KB of response headers). So the phone pages are built apart: the portal alone, the
 * live ticket page alone, the devices together, the staff apps together: build-groups.json, one
 * build per group into the same dist/ (scripts/build.mjs; `GOVHALL_APPS` names the group being
 * built, all apps in one graph without it, as `vite build` alone does).
 */
if (BUILD_GROUPS.flat().sort().join() !== [...APPS].sort().join()) throw new Error("build-groups.json must list every app once");
const only = process.env.GOVHALL_APPS?.split(",").filter(Boolean);
const apps = only ? APPS.filter((a) => only.includes(a)) : APPS;

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  server: {
    port: 5173,
    // Dev: the API runs on the govhall server (default port 8080).
    proxy: { "/api": process.env.GOVHALL_API ?? "http://127.0.0.1:8080" },
  },
  build: {
    outDir: "dist",
    // The first group's build empties dist/; the others add to it.
    emptyOutDir: process.env.GOVHALL_KEEP_DIST !== "1",
    assetsDir: "assets",
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: Object.fromEntries(apps.map((app) => [app, resolve(root, `${app}.html`)])),
      output: {
        // Shared chunks that carry antd get an "antd-" prefix, so the build report says what is what.
        chunkFileNames: (chunk) =>
          !chunk.facadeModuleId && chunk.moduleIds.some((id) => /node_modules[\\/](antd|@rc-component|@ant-design)[\\/]/.test(id))
            ? "assets/antd-[name]-[hash].js"
            : "assets/[name]-[hash].js",
        codeSplitting: {
          groups: [
            // What every app needs, device shells included: React, i18n, the API client.
            {
              name: "vendor-react",
              test: /node_modules[\\/](react|react-dom|scheduler|i18next|react-i18next|openapi-fetch|html-parse-stringify|void-elements)[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
});
