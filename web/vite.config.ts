import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** One HTML entry per app: the server maps /<app>/... to dist/<app>.html, so a kiosk never loads management code. */
export const APPS = ["manage", "portal", "kiosk", "display", "counter", "evaluator", "district", "ticket"] as const;

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
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: Object.fromEntries(APPS.map((app) => [app, resolve(root, `${app}.html`)])),
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
