/* report.js: filters and collapsing for the HTML report, inlined into the page as a partial of
 * report.html.tmpl. Plain script, no library, nothing fetched.
 *
 * Without it the page is complete: every rule expanded, the filter bar hidden. With it: the
 * filter bar shows, rules that pass (or are not applicable, waived, manual) start collapsed,
 * a click or Enter on a rule's header toggles it, and the status and severity boxes and the
 * search field hide the rules that do not match (and the sections left empty). Printing shows
 * the rules the filters leave, expanded (the print stylesheet), with a line saying what the
 * filters hide. Data is read from the DOM (data-status, data-severity, the text), never from
 * strings put into this script. */
(function () {
	"use strict";
	var filters = document.getElementById("filters");
	if (!filters || !document.querySelectorAll)
		return;
	var list = function (sel, root) {
		return Array.prototype.slice.call((root || document).querySelectorAll(sel));
	};
	var rules = list("article.rule");
	var sections = list("#rules section.sec");
	var boxes = list("input[type=checkbox]", filters);
	var search = document.getElementById("q");
	var shown = document.getElementById("shown");
	var note = document.getElementById("print-filter");

	function setOpen(rule, open) {
		rule.classList.toggle("collapsed", !open);
		var head = rule.querySelector(".rule-head");
		if (head)
			head.setAttribute("aria-expanded", open ? "true" : "false");
	}

	rules.forEach(function (rule) {
		var head = rule.querySelector(".rule-head");
		if (!head)
			return;
		head.setAttribute("role", "button");
		head.tabIndex = 0;
		setOpen(rule, rule.getAttribute("data-state") === "open");
		head.addEventListener("click", function () {
			setOpen(rule, rule.classList.contains("collapsed"));
		});
		head.addEventListener("keydown", function (e) {
			if (e.key === "Enter" || e.key === " ") {
				e.preventDefault();
				setOpen(rule, rule.classList.contains("collapsed"));
			}
		});
	});

	function apply() {
		var off = {};
		var hidden = [];
		boxes.forEach(function (b) {
			if (!b.checked) {
				off[b.getAttribute("data-filter") + ":" + b.value] = true;
				hidden.push(b.value.replace("_", " "));
			}
		});
		var q = search ? search.value.trim().toLowerCase() : "";
		var n = 0;
		rules.forEach(function (rule) {
			var ok = !off["status:" + rule.getAttribute("data-status")] &&
				!off["severity:" + rule.getAttribute("data-severity")] &&
				(q === "" || rule.textContent.toLowerCase().indexOf(q) !== -1);
			rule.hidden = !ok;
			if (ok)
				n++;
		});
		sections.forEach(function (s) {
			s.hidden = !s.querySelector("article.rule:not([hidden])");
		});
		if (shown)
			shown.textContent = n + " of " + rules.length + " rules shown";
		if (note) {
			var parts = [];
			if (hidden.length)
				parts.push("hidden: " + hidden.join(", "));
			if (q !== "")
				parts.push("search: \u201c" + q + "\u201d");
			note.textContent = parts.length ?
				"Filtered view (" + n + " of " + rules.length + " rules; " +
				parts.join("; ") + ")" : "";
			note.hidden = !parts.length;
		}
	}

	boxes.forEach(function (b) {
		b.addEventListener("change", apply);
	});
	if (search)
		search.addEventListener("input", apply);
	var expand = document.getElementById("expand-all");
	var collapse = document.getElementById("collapse-all");
	if (expand)
		expand.addEventListener("click", function () {
			rules.forEach(function (r) { setOpen(r, true); });
		});
	if (collapse)
		collapse.addEventListener("click", function () {
			rules.forEach(function (r) { setOpen(r, false); });
		});
	filters.hidden = false;
	apply();
})();
