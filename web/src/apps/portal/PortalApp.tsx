import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { AntdProviders, govTheme } from "../../components/AntdProviders";
import { ElderProvider } from "./elder";
import { Layout } from "./Layout";
import { HomePage } from "./pages/HomePage";

const GuidePage = lazy(() => import("./pages/GuidePage").then((m) => ({ default: m.GuidePage })));
const SlipPage = lazy(() => import("./pages/SlipPage").then((m) => ({ default: m.SlipPage })));
const SitesPage = lazy(() => import("./pages/SitesPage").then((m) => ({ default: m.SitesPage })));
const SiteDisclosurePage = lazy(() => import("./pages/SiteDisclosurePage").then((m) => ({ default: m.SiteDisclosurePage })));
const EmbedPage = lazy(() => import("./pages/EmbedPage").then((m) => ({ default: m.EmbedPage })));
const BookingApp = lazy(() => import("./booking/BookingApp").then((m) => ({ default: m.BookingApp })));
const NotFound = lazy(() => import("./pages/NotFound").then((m) => ({ default: m.NotFound })));

/** Elder mode (适老化): larger type and stronger contrast, one tap away and remembered. */
const elderTheme = {
  token: {
    ...govTheme.token,
    fontSize: 20,
    colorText: "#000000",
    colorTextSecondary: "#1f1f1f",
    colorPrimary: "#0a3d91",
    colorLink: "#0a3d91",
    lineHeight: 1.7,
  },
};
/** Links a shade darker than the library's default, for 4.5:1 on the page's grey. */
const portalTheme = { token: { ...govTheme.token, colorLink: "#0b4aa2", colorTextDescription: "#4a5361" } };

export function PortalApp() {
  return (
    <ElderProvider>
      {(elder) => (
        <AntdProviders theme={elder ? elderTheme : portalTheme}>
          <BrowserRouter basename="/portal">
            <Suspense fallback={null}>
              <Routes>
                <Route path="/embed" element={<EmbedPage />} />
                <Route path="/items/:code/slip" element={<SlipPage />} />
                <Route element={<Layout />}>
                  <Route path="/" element={<HomePage />} />
                  <Route path="/items/:code" element={<GuidePage />} />
                  <Route path="/items/:code/versions/:version" element={<GuidePage />} />
                  <Route path="/sites" element={<SitesPage />} />
                  <Route path="/sites/:code" element={<SiteDisclosurePage />} />
                  <Route path="/booking/*" element={<BookingApp />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AntdProviders>
      )}
    </ElderProvider>
  );
}
