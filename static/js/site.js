// Small progressive enhancements; every page works without them.

// GET forms: leave empty fields (and the default sort) out of the
// URL, so a shared catalogue link stays short. Without JavaScript the form submits as it is.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method !== "get") return;
  // The default sort is the select's first option ("relevance" with a search, "stars" without).
  const sort = form.elements.namedItem("sort");
  const defaultSort = sort instanceof HTMLSelectElement && sort.options.length ? sort.options[0].value : "relevance";
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (value === "" || (name === "sort" && value === defaultSort)) continue;
    params.append(name, value);
  }
  event.preventDefault();
  const query = params.toString();
  window.location.assign(form.action + (query ? "?" + query : ""));
});

// On wide screens the filter panel stays open beside the results; on phones it starts folded so
// the results come first (without JavaScript it is folded everywhere, one tap away).
const filtersPanel = document.querySelector("details.filters-panel");
if (filtersPanel && window.matchMedia("(min-width: 48rem)").matches) filtersPanel.open = true;

// The floor plan scrolls its map (not the page) to put the highlighted booth in the middle.
const highlightedBooth = document.querySelector(".floor-plan .booth-highlighted");
if (highlightedBooth) {
  const map = highlightedBooth.closest(".floor-plan-scroll");
  const booth = highlightedBooth.getBoundingClientRect();
  const frame = map.getBoundingClientRect();
  map.scrollLeft += booth.left - frame.left - (frame.width - booth.width) / 2;
  map.scrollTop += booth.top - frame.top - (frame.height - booth.height) / 2;
}
