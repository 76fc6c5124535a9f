// The staff portal's progressive enhancements; every portal page works without them.

// Product group: a search box above the list narrows it as staff type, with or without
// diacritics ("mat ong" finds "Mật ong"), and picks the first group that matches.
const fold = (text) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();

for (const select of document.querySelectorAll("select[data-group-search]")) {
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "search";
  input.id = `${select.id}-search`;
  input.autocomplete = "off";
  label.htmlFor = input.id;
  label.textContent = select.dataset.groupSearch;
  input.addEventListener("input", () => {
    const query = fold(input.value.trim());
    let first = null;
    for (const option of select.options) {
      if (!option.value) continue;
      const group = option.parentElement.label || "";
      const match = !query || fold(`${option.text} ${group}`).includes(query);
      option.hidden = !match;
      if (match && !first) first = option;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = ![...group.children].some((option) => !option.hidden);
    }
    const chosen = select.selectedOptions[0];
    if (query && first && (!chosen || !chosen.value || chosen.hidden)) select.value = first.value;
  });
  select.before(label, input);
}
