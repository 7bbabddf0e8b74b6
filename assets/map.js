// Maps of actors (templates/partials/map.html), drawn with Leaflet.
//
// Each `[data-map]` element becomes a map with one marker per `li[data-lat][data-lon]` of the
// `.map-list` of the same `.map-block`. The list stays on the page: it is the map's text
// equivalent, and all there is when JavaScript or Leaflet is missing. Without network the tiles
// fail to load: the markers still show, and a short note says so.
//
// Plain script, loaded with `defer` after leaflet.js. No inline styles or HTML built from data
// (the site's Content-Security-Policy forbids the former; the latter would let content inject markup).

(function () {
  "use strict";

  if (typeof window.L === "undefined" || !window.L.map) return; // Leaflet did not load: keep the list

  var L = window.L;
  L.Icon.Default.imagePath = "/assets/vendor/leaflet/images/";

  var MAX_ZOOM = 15; // for a single marker, or markers all at the same place
  // Markers at the same position (actors placed at their commune's centre) are fanned out in a
  // ring, in pixels, so that each stays visible and clickable at every zoom level.
  var RING_STEP = 9; // ring radius grows with the number of markers sharing the position
  var ICON = { anchor: [12, 41], popup: [1, -34], tooltip: [16, -28] }; // L.Icon.Default's

  function safeUrl(url) {
    // Only site paths and web addresses become links.
    return /^(\/(?!\/)|https?:\/\/)/i.test(url || "") ? url : null;
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  // Leaflet's attribution control takes HTML: build it from escaped text.
  function attributionHtml(text, tiles) {
    var escaped = escapeHtml(text || "");
    if (/openstreetmap\.org/i.test(tiles || "")) {
      return '<a href="https://www.openstreetmap.org/copyright">' + escaped + "</a>";
    }
    return escaped;
  }

  function popupContent(item) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("p");
    title.className = "map-popup-title";
    var url = safeUrl(item.dataset.url);
    var name = item.dataset.name || "";
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = name;
      title.appendChild(link);
    } else {
      title.textContent = name;
    }
    box.appendChild(title);
    var details = [];
    if (item.dataset.place) details.push(item.dataset.place);
    if (item.dataset.exact === "non") details.push("position approximative (centre de la commune)");
    if (details.length) {
      var note = document.createElement("p");
      note.className = "map-popup-note";
      note.textContent = details.join(", ");
      box.appendChild(note);
    }
    return box;
  }

  function iconFor(index, count) {
    if (count < 2) return new L.Icon.Default();
    var radius = 8 + RING_STEP * Math.min(count, 8) / 2;
    var angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
    var dx = Math.round(radius * Math.cos(angle));
    var dy = Math.round(radius * Math.sin(angle));
    var anchor = [ICON.anchor[0] - dx, ICON.anchor[1] - dy];
    return new L.Icon.Default({
      iconAnchor: anchor,
      shadowAnchor: anchor,
      popupAnchor: [ICON.popup[0] + dx, ICON.popup[1] + dy],
      tooltipAnchor: [ICON.tooltip[0] + dx, ICON.tooltip[1] + dy],
    });
  }

  function listFor(container) {
    var block = container.closest(".map-block");
    if (block) return block.querySelector(".map-list");
    var next = container.nextElementSibling;
    while (next && !next.classList.contains("map-list")) next = next.nextElementSibling;
    return next;
  }

  function readPlaces(list) {
    var places = [];
    if (!list) return places;
    var items = list.querySelectorAll("li[data-lat][data-lon]");
    for (var i = 0; i < items.length; i++) {
      var lat = parseFloat(items[i].dataset.lat);
      var lon = parseFloat(items[i].dataset.lon);
      if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        places.push({ item: items[i], latlng: L.latLng(lat, lon) });
      }
    }
    return places;
  }

  // Keyboard: Enter or Space on a marker opens its popup and moves focus to its link (otherwise
  // it would come after every other marker); Escape or × closes it and brings focus back.
  function bindKeyboard(marker) {
    var cameFromKeyboard = false;
    function onKeyDown(event) {
      if (event.key === "Enter" || event.key === " ") {
        cameFromKeyboard = true;
        if (event.key === " ") {
          event.preventDefault(); // no page scroll; Leaflet itself only handles Enter
          marker.openPopup();
        }
      }
    }
    // The icon exists once the marker is on a map whose view is set (Leaflet defers it until then).
    marker.on("add", function () {
      var icon = marker.getElement();
      if (icon) icon.addEventListener("keydown", onKeyDown);
    });
    marker.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      if (popup && !popup.dataset.ready) {
        popup.dataset.ready = "1";
        var close = popup.querySelector(".leaflet-popup-close-button");
        if (close) close.setAttribute("aria-label", "Fermer");
        popup.addEventListener("keydown", function (keyEvent) {
          if (keyEvent.key === "Escape") {
            keyEvent.preventDefault();
            marker.closePopup();
          }
        });
      }
      if (cameFromKeyboard && popup) {
        var link = popup.querySelector(".map-popup a");
        if (link) link.focus({ preventScroll: true });
      }
      cameFromKeyboard = false;
    });
    marker.on("popupclose", function () {
      var active = document.activeElement;
      var own = marker.getElement();
      var lost = !active || active === document.body || !active.isConnected;
      if (own && (lost || (active.closest && active.closest(".leaflet-popup")))) {
        own.focus({ preventScroll: true });
      }
    });
  }

  function showTileNote(container) {
    if (container._tileNote) return;
    var note = document.createElement("p");
    note.className = "map-status note";
    note.textContent = "Le fond de carte n'a pas pu être chargé. Les acteurs restent placés sur la carte et dans la liste.";
    container.parentNode.insertBefore(note, container.nextSibling);
    container._tileNote = note;
  }

  function hideTileNote(container) {
    if (!container._tileNote) return;
    container._tileNote.remove();
    container._tileNote = null;
  }

  function createMap(container) {
    if (container._leaflet_id) return; // already a map
    var places = readPlaces(listFor(container));
    if (!places.length) return; // nothing to place: the list (or note) says it all

    // The stylesheet shows the map container only once a map is drawn (an empty box otherwise).
    var block = container.closest(".map-block");
    if (block) block.classList.add("has-map");
    container.classList.add("map-ready");

    var map = L.map(container, {
      scrollWheelZoom: false, // turned on once the map has focus: the page scrolls freely past it
      zoomSnap: 0.5, // a closer fit of the markers
      zoomControl: false,
      attributionControl: false,
    });
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    L.control
      .attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' })
      .addTo(map);

    var tiles = container.dataset.tiles;
    if (tiles) {
      var loaded = 0;
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: attributionHtml(container.dataset.attribution, tiles),
      })
        .on("tileload", function () {
          loaded += 1;
          hideTileNote(container);
        })
        .on("tileerror", function () {
          if (!loaded) showTileNote(container);
        })
        .addTo(map);
    }

    // Group the places by position, to fan out the markers that share one.
    var counts = {};
    places.forEach(function (place) {
      var key = place.latlng.lat + "," + place.latlng.lng;
      place.rank = counts[key] || 0;
      counts[key] = place.rank + 1;
      place.key = key;
    });

    var markers = places.map(function (place) {
      var name = place.item.dataset.name || "";
      var marker = L.marker(place.latlng, {
        title: name,
        alt: name,
        icon: iconFor(place.rank, counts[place.key]),
        riseOnHover: true,
      });
      marker.bindPopup(popupContent(place.item), { maxWidth: 280, autoPanPadding: [16, 16] });
      bindKeyboard(marker);
      return marker.addTo(map);
    });

    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [40, 40], maxZoom: MAX_ZOOM });

    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });
  }

  var containers = document.querySelectorAll("[data-map]");
  for (var i = 0; i < containers.length; i++) {
    try {
      createMap(containers[i]);
    } catch (error) {
      // A broken map must not break the page: hide it, the list remains.
      containers[i].classList.remove("map-ready");
      var block = containers[i].closest(".map-block");
      if (block) block.classList.remove("has-map");
      if (window.console) window.console.warn("Carte non affichée :", error);
    }
  }
})();
