/*
 * govhall park-site widget (Y12): shows the district's service guides inside a park website.
 *
 *   <div data-govhall-widget data-department="<department id>" data-audience="enterprise"></div>
 *   <script src="https://<portal host>/portal/widget.js" async></script>
 *
 * Every element with data-govhall-widget gets an iframe of /portal/embed; data-department,
 * data-audience (individual | enterprise), data-q and data-item (an item code) narrow what it shows,
 * data-lang="en" switches to English. The frame grows with its content.
 */
(() => {
  const script = document.currentScript || document.querySelector('script[src*="/portal/widget.js"]');
  if (!script) return;
  const origin = new URL(script.src, location.href).origin;
  const frames = [];

  function mount(host) {
    if (host.dataset.govhallMounted) return;
    host.dataset.govhallMounted = "1";
    const params = new URLSearchParams();
    for (const key of ["department", "audience", "q", "item", "lang"]) {
      const value = host.dataset[key];
      if (value) params.set(key, value);
    }
    const frame = document.createElement("iframe");
    frame.src = `${origin}/portal/embed${params.toString() ? `?${params}` : ""}`;
    frame.title = host.dataset.title || "政务服务办事指南 / Service guides";
    frame.loading = "lazy";
    frame.style.cssText = "width:100%;border:0;display:block;min-height:480px";
    frame.height = host.dataset.height || "640";
    host.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener("message", (e) => {
    if (e.origin !== origin || !e.data || e.data.type !== "govhall:height") return;
    for (const f of frames) if (f.contentWindow === e.source) f.height = String(Math.ceil(e.data.height) + 4);
  });

  const hosts = document.querySelectorAll("[data-govhall-widget]");
  if (hosts.length > 0) {
    for (const h of hosts) mount(h);
  } else {
    // No placeholder: put the widget right after the script tag, configured by its own data- attributes.
    const host = document.createElement("div");
    Object.assign(host.dataset, script.dataset);
    script.parentNode.insertBefore(host, script.nextSibling);
    mount(host);
  }
})();
