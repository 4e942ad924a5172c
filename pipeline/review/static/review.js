// The review page's keyboard shortcuts and live "after" preview. Plain JavaScript, no build step.
"use strict";
(function () {
  const actions = document.querySelector(".actions");
  const toggle = document.getElementById("shortcuts");
  if (toggle) {
    toggle.checked = localStorage.getItem("lcspr-shortcuts") !== "off";
    toggle.addEventListener("change", () => localStorage.setItem("lcspr-shortcuts", toggle.checked ? "on" : "off"));
  }
  const typing = (el) => el && (el.tagName === "INPUT" && el.type === "text" || el.tagName === "TEXTAREA" || el.tagName === "SELECT");
  const keys = {
    a: () => { const b = document.getElementById("accept"); if (b && !b.disabled) b.click(); },
    o: () => document.getElementById("wording")?.focus(),
    k: () => document.getElementById("reason")?.focus(),
    r: () => document.getElementById("rewrite")?.focus(),
    n: () => (document.getElementById("next") || document.getElementById("start"))?.click(),
    p: () => document.getElementById("previous")?.click(),
  };
  document.addEventListener("keydown", (event) => {
    const el = document.activeElement;
    if (event.key === "Escape" && typing(el)) { el.blur(); return; }
    if (event.key === "Enter" && el && el.hasAttribute("data-one-line") && !event.shiftKey) {
      event.preventDefault(); el.form.requestSubmit(); return;
    }
    if (!toggle || !toggle.checked || typing(el) || event.ctrlKey || event.metaKey || event.altKey) return;
    const act = keys[event.key.toLowerCase()];
    if (act) { event.preventDefault(); act(); }
  });
  if (!actions) return;
  const after = document.getElementById("after");
  const original = after.textContent;
  let timer = null;
  let asked = 0;
  function preview(field) {
    const ask = ++asked;
    if (!field.value.trim()) { after.textContent = original; return; }
    const body = new URLSearchParams({action: field.dataset.preview, [field.name]: field.value});
    fetch("/item/" + actions.dataset.item + "/preview", {method: "POST", body: body, credentials: "same-origin"})
      .then((r) => r.text().then((text) => ({ok: r.ok, text: text})))
      .then(({ok, text}) => { if (ask === asked) after.textContent = ok ? text : "Not allowed: " + text; })
      .catch(() => {});
  }
  document.querySelectorAll("[data-preview]").forEach((field) => {
    field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => preview(field), 150); });
  });
})();
