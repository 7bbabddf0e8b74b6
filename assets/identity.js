// Netlify Identity's widget (copied from npm into assets/vendor/), in the page's language.
// On /admin/ the widget is loaded just before this script, and Decap CMS uses it to log editors in.
// Elsewhere (the home page), this script loads it only for the links of Netlify's e-mails, which
// land on the site's root: invitation, password recovery, address confirmation or change. Once the
// editor is logged in, the widget's "login" event takes them to the editors' form.
(() => {
  const script = document.currentScript;
  const french = () => window.netlifyIdentity.setLocale(document.documentElement.lang);
  if (window.netlifyIdentity) {
    french();
    return;
  }
  if (!/(invite|recovery|confirmation|email_change)_token=/.test(location.hash)) return;
  const widget = document.createElement("script");
  widget.src = script.dataset.widget;
  widget.addEventListener("load", () => {
    french();
    window.netlifyIdentity.on("login", () => location.assign(script.dataset.admin));
  });
  document.head.append(widget);
})();
