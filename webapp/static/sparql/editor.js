// Start YASGUI on our own /sparql, one tab per example question; the plain form stays as fallback.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof window.Yasgui === "undefined") { return; }
  var endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  var examples = JSON.parse(document.getElementById("examples").textContent);
  // Each page load starts from the examples, not from tabs a previous visit left in storage.
  var yasgui = new window.Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
  });
  // Only the active tab has an editor yet: the others get their query in their configuration.
  var first = yasgui.getTab();
  var ids = examples.map(function (example, index) {
    if (index === 0) {
      first.setName(example.name);
      first.setQuery(example.sparql);
      return first.getId();
    }
    return yasgui.addTab(false, {
      name: example.name,
      yasqe: { value: example.sparql },
      requestConfig: { endpoint: endpoint },
    }).getId();
  });
  document.querySelectorAll("a.example").forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      yasgui.selectTabId(ids[index]);
      yasgui.getTab().query();
    });
  });
  document.body.classList.add("yasgui-ready");
}());
