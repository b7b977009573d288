import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** One HTML entry per app: the server maps /<app>/... to dist/<app>.html, so a kiosk never loads management code. */
export const APPS = ["manage", "portal", "kiosk", "display", "counter", "evaluator", "district"] as const;

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
    },
  },
});
