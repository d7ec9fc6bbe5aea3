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
  var first = yasgui.getTab();
  examples.forEach(function (example, index) {
    var tab = index === 0 ? first : yasgui.addTab(false, { name: example.name });
    tab.setName(example.name);
    tab.setQuery(example.sparql);
    tab.setEndpoint(endpoint);
  });
  yasgui.selectTabId(first.getId());
  document.querySelectorAll("a.example").forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var ids = yasgui.persistentConfig.getTabs();
      yasgui.selectTabId(ids[index]);
      yasgui.getTab().query();
    });
  });
  document.body.classList.add("yasgui-ready");
}());
