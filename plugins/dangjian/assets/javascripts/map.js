/* Interactive maps: progressive enhancement over the static SVG maps.
 *
 * Runs on every page through Material's document$ (so it survives instant navigation), but
 * does nothing unless the page has a .dj-map-live container. Leaflet is loaded lazily, once,
 * from the copy served with the site: when a route or overview map scrolls into view, or when
 * the visitor asks for it on a place page. Without a configured base map the map is drawn on
 * a plain background and no request leaves the site.
 */
(function () {
  "use strict";

  var leafletLoading = null;
  var maps = [];

  function loadLeaflet(root) {
    if (window.L && window.L.map) return Promise.resolve(window.L);
    if (leafletLoading) return leafletLoading;
    leafletLoading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = root + "leaflet.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = root + "leaflet.js";
      script.onload = function () { resolve(window.L); };
      script.onerror = function () { leafletLoading = null; reject(new Error("leaflet")); };
      document.head.appendChild(script);
    });
    return leafletLoading;
  }

  function pageUrl(el, path) {
    return new URL(el.dataset.base + path, window.location.href).href;
  }

  /* Leaflet puts a string it is given for a popup, tooltip or icon into the page as HTML:
   * names and numbers go to it as elements whose text is set, never as strings. */
  function textElement(tag, text) {
    var node = document.createElement(tag);
    node.textContent = String(text);
    return node;
  }

  // only for the attribution, which Leaflet takes as HTML and nothing else
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function popup(el, props) {
    var link = document.createElement("a");
    link.href = pageUrl(el, props.path);
    link.textContent = (props.number ? props.number + ". " : "") + props.name;
    return link;
  }

  function numberedIcon(L, number) {
    return L.divIcon({
      className: "dj-live-stop",
      html: textElement("span", number), // safe-sink: an element whose text is set
      iconSize: [30, 30],
      iconAnchor: [15, 15],
      popupAnchor: [0, -14]
    });
  }

  function addBasemap(L, map, el) {
    if (!el.dataset.basemap) return;
    var config = JSON.parse(el.dataset.basemap);
    config.layers.forEach(function (layer, i) {
      L.tileLayer(layer.url, {
        subdomains: layer.subdomains || "abc",
        maxZoom: 18,
        // safe-sink: Leaflet shows the attribution as HTML only; the configured text is escaped
        attribution: i === 0 ? escapeHtml(config.attribution + " · " + config.approval) : ""
      }).addTo(map);
    });
    var credit = el.parentNode.querySelector(".dj-map-credit");
    if (credit) credit.hidden = false;
  }

  function draw(L, el, data) {
    // the container must have its size before Leaflet measures it
    el.hidden = false;
    el.closest(".dj-map").classList.add("dj-map--live");
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false, attributionControl: true });
    L.control.zoom({ zoomInTitle: "放大", zoomOutTitle: "缩小" }).addTo(map);
    map.attributionControl.setPrefix(false); // safe-sink: no prefix (Leaflet takes it as HTML)
    addBasemap(L, map, el);
    var mode = el.dataset.mode;
    var focus = el.dataset.focus;
    var rank = { brand: 0, school: 1, site: 2 };
    data.features.sort(function (a, b) { // brands under schools under sites; lines and stops keep their order
      return (rank[a.properties.kind] || 3) - (rank[b.properties.kind] || 3);
    });
    var layer = L.geoJSON(data, {
      filter: function (f) {
        return mode !== "place" || f.properties.kind === "site" || f.properties.kind === "school" ||
          f.properties.id === focus;
      },
      style: function (f) {
        return f.geometry.type === "Point" ? {} : { color: "#b71c1c", weight: 5, opacity: 0.9 };
      },
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        if (p.role === "stop") return L.marker(latlng, { icon: numberedIcon(L, p.number), title: p.name, alt: p.name });
        if (p.id && p.id === focus) return L.marker(latlng, { icon: L.divIcon({ className: "dj-live-focus", iconSize: [26, 26] }), title: p.name, alt: p.name });
        var colour = p.kind === "school" ? "#0d47a1" : p.kind === "site" ? "#b71c1c" : "#6b6b6b";
        return L.circleMarker(latlng, { radius: p.kind === "brand" ? 4 : 7, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 0.95 });
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        if (f.geometry.type !== "Point" || !p.path) return;
        l.bindPopup(popup(el, p)); // safe-sink: popup() makes an <a> element whose text is set
        var permanent = p.role === "stop" || (p.id && p.id === focus);
        if (permanent || p.kind !== "brand") {
          var label = textElement("span", p.name);
          l.bindTooltip(label, { permanent: permanent, direction: "right", offset: [14, 0], className: "dj-live-label" }); // safe-sink: an element whose text is the name
        }
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (mode === "place") {
      var target = null;
      layer.eachLayer(function (l) { if (l.feature && l.feature.properties.id === focus) target = l.getLatLng(); });
      if (target) map.setView(target, 12); else map.fitBounds(bounds, { padding: [24, 24] });
    } else {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
    }
    L.control.scale({ imperial: false }).addTo(map);
    maps.push(map);
  }

  function start(el) {
    if (el.dataset.state) return;
    el.dataset.state = "loading";
    Promise.all([
      loadLeaflet(el.dataset.leaflet),
      fetch(el.dataset.geojson, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
    ]).then(function (results) {
      draw(results[0], el, results[1]);
      el.dataset.state = "ready";
    }).catch(function () {
      el.dataset.state = "failed"; // the static map stays; nothing else to do
    });
  }

  function setup() {
    maps.forEach(function (m) { m.remove(); });
    maps = [];
    document.querySelectorAll(".dj-map-live").forEach(function (el) {
      if (el.dataset.load === "click") {
        var button = el.parentNode.querySelector(".dj-map-open");
        if (!button) return;
        button.hidden = false;
        button.addEventListener("click", function () { button.hidden = true; start(el); });
      } else if ("IntersectionObserver" in window) {
        var seen = new IntersectionObserver(function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); start(el); }
        }, { rootMargin: "200px" });
        seen.observe(el.closest(".dj-map"));
      } else {
        start(el);
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
