// /integrer/: the snippet follows the list and size chosen, the preview shows that list, and the
// "Copier le code" button copies it. Without JavaScript the page shows the first list's snippet.
(function () {
  "use strict";
  const form = document.getElementById("encart");
  if (!form) return;
  const list = document.getElementById("encart-liste");
  const height = document.getElementById("encart-hauteur");
  const width = document.getElementById("encart-largeur");
  const code = document.getElementById("encart-code");
  const copy = document.getElementById("encart-copier");
  const status = document.getElementById("encart-statut");
  const preview = document.getElementById("encart-apercu");
  const base = form.dataset.base || window.location.origin;

  // Only what would end a double-quoted attribute is escaped (the same rule as render/pages.py).
  const attribute = (value) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

  function update() {
    const option = list.options[list.selectedIndex];
    const values = { src: base.replace(/\/$/, "") + option.value, title: option.dataset.title, width: width.value, height: height.value };
    code.value = form.dataset.model.replace(/\{(src|title|width|height)\}/g, (_, key) => attribute(values[key]));
    if (preview.getAttribute("src") !== option.value) preview.src = option.value;
    preview.title = "Aperçu\u00a0: " + option.dataset.title;
    preview.height = height.value;
    preview.width = width.value;
    status.textContent = "";
  }

  async function copyCode() {
    code.select();
    try {
      await navigator.clipboard.writeText(code.value);
      status.textContent = "Code copié\u00a0: collez-le dans votre page.";
    } catch (error) {
      // Some browsers refuse the clipboard outside https: the code stays selected for Ctrl+C.
      status.textContent = "Le code est sélectionné\u00a0: copiez-le avec Ctrl+C (⌘+C sur Mac).";
    }
  }

  // A list chosen from its own page (/integrer/?liste=/encart/communes/x/&nom=X): added to the
  // menu when the menu does not hold it (a région's communes are too many to list).
  const asked = new URLSearchParams(window.location.search);
  const wanted = asked.get("liste");
  if (wanted && /^\/encart\/[a-z0-9-]+\/[a-z0-9-]+\/$/.test(wanted)) {
    let option = Array.from(list.options).find((item) => item.value === wanted);
    if (!option) {
      option = new Option(asked.get("nom") || wanted, wanted);
      option.dataset.title = form.dataset.titlePrefix + (asked.get("nom") || wanted);
      list.add(option, 0);
    }
    option.selected = true;
  }

  [list, height, width].forEach((select) => select.addEventListener("change", update));
  copy.addEventListener("click", copyCode);
  copy.hidden = false;
  update();
})();
