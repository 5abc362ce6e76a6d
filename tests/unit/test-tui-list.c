/* test-tui-list.c: the list model of `dockward tui` (src/tui/list-model.c) and the detail text
 * (tui_detail_lines()), without a terminal, on the hand-built report of render-test-util.h.
 *
 * Rows of that report, grouped by section in order of first appearance:
 *    0 [daemon]      1 daemon.hostile (fail, medium)   2 daemon.waived (waived, high)
 *    3 daemon.expired (fail, high)   4 daemon.undecided (error, medium)
 *    5 [containers]  6 containers.priv (fail, critical)
 *    7 [files]       8 files.mode (fail, low)
 *    9 [host]       10 host.na (n/a, low)   11 host.manual (manual, medium)
 *   12 [other]      13 host.pass (pass, low) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render-test-util.h"
#include "tui.h"

static const char *selected_id(const struct list_model *m)
{
	const struct result *res = list_model_selected(m);
	return res ? res->rule->id : NULL;
}

static void test_rows(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	assert_int_equal(m.n_rows, 14);
	const size_t headers[] = {0, 5, 7, 9, 12};
	for (size_t i = 0; i < ELEMENTSOF(headers); i++)
		assert_null(m.rows[headers[i]].result);
	assert_string_equal(m.rows[12].section, "other");
	assert_string_equal(m.rows[2].result->rule->id, "daemon.waived");
	assert_int_equal(m.cursor, 1);
	assert_string_equal(selected_id(&m), "daemon.hostile");
	list_model_release(&m);
}

static void test_move(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	list_model_move(&m, 4); /* over the [containers] header */
	assert_int_equal(m.cursor, 6);
	list_model_move(&m, -1);
	assert_int_equal(m.cursor, 4);
	assert_int_equal(list_model_key(&m, TUI_KEY_END), TUI_HANDLED | TUI_REDRAW);
	assert_int_equal(m.cursor, 13);
	list_model_key(&m, 'g');
	assert_int_equal(m.cursor, 1);
	list_model_move(&m, 100);
	assert_int_equal(m.cursor, 13);
	list_model_move(&m, -100);
	assert_int_equal(m.cursor, 1); /* never on the header of row 0 */
	m.page = 5;
	list_model_key(&m, TUI_KEY_PGDN); /* page - 1 = 4 rules */
	assert_int_equal(m.cursor, 6);
	list_model_key(&m, TUI_KEY_PGUP);
	assert_int_equal(m.cursor, 1);
	list_model_key(&m, 'j');
	assert_int_equal(m.cursor, 2);
	list_model_key(&m, 'k');
	assert_int_equal(m.cursor, 1);
	list_model_release(&m);
}

static void test_scroll(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	m.page = 3;
	list_model_end(&m);
	assert_int_equal(m.top, 11);
	list_model_home(&m);
	assert_int_equal(m.top, 0);
	list_model_move(&m, 4);
	assert_int_equal(m.cursor, 6);
	assert_int_equal(m.top, 4);
	list_model_move(&m, 1); /* files.mode: its header [files] stays on screen */
	assert_int_equal(m.cursor, 8);
	assert_int_equal(m.top, 6);
	list_model_release(&m);
}

static void test_filters(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	list_model_move(&m, 1); /* daemon.waived */
	list_model_set_status_mask(&m, 1u << STATUS_FAIL);
	assert_int_equal(m.n_rows, 7);
	assert_string_equal(selected_id(&m), "daemon.expired"); /* the next shown rule */
	list_model_end(&m);
	assert_string_equal(selected_id(&m), "files.mode");

	list_model_set_status_mask(&m, (1u << _STATUS_MAX) - 1);
	list_model_end(&m); /* host.pass: no rule after it fails: the last one */
	list_model_set_status_mask(&m, 1u << STATUS_FAIL);
	assert_string_equal(selected_id(&m), "files.mode");

	list_model_set_status_mask(&m, (1u << _STATUS_MAX) - 1);
	list_model_set_min_severity(&m, SEVERITY_HIGH);
	assert_int_equal(m.n_rows, 5);
	assert_string_equal(m.rows[1].result->rule->id, "daemon.waived");
	assert_string_equal(m.rows[4].result->rule->id, "containers.priv");

	list_model_set_min_severity(&m, SEVERITY_LOW);
	list_model_set_search(&m, "PRIV"); /* case-insensitive, id and title */
	assert_int_equal(m.n_rows, 2);
	assert_string_equal(selected_id(&m), "containers.priv");
	list_model_set_search(&m, "no dockerd"); /* observed only */
	assert_int_equal(m.n_rows, 2);
	assert_string_equal(selected_id(&m), "host.na");

	list_model_set_search(&m, "zzz");
	assert_int_equal(m.n_rows, 0);
	assert_null(list_model_selected(&m));
	assert_int_equal(list_model_key(&m, TUI_KEY_ENTER), TUI_HANDLED);
	assert_int_equal(list_model_key(&m, ' '), TUI_HANDLED | TUI_REDRAW);
	assert_int_equal(m.n_marked, 0);
	list_model_move(&m, 1);
	list_model_end(&m);
	assert_int_equal(list_model_key(&m, 'c'), TUI_HANDLED | TUI_REDRAW);
	assert_null(m.search);
	assert_int_equal(m.n_rows, 14);
	list_model_release(&m);
}

static void test_filter_keys(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	list_model_key(&m, 'f');
	assert_int_equal(m.status_mask, 1u << STATUS_PASS);
	assert_int_equal(m.n_rows, 2);
	for (int s = STATUS_FAIL; s < _STATUS_MAX; s++) {
		list_model_key(&m, 'f');
		assert_int_equal(m.status_mask, 1u << s);
	}
	list_model_key(&m, 'f');
	assert_int_equal(m.status_mask, (1u << _STATUS_MAX) - 1);
	for (int s = SEVERITY_MEDIUM; s < _SEVERITY_MAX; s++) {
		list_model_key(&m, 's');
		assert_int_equal(m.min_severity, s);
	}
	list_model_key(&m, 's');
	assert_int_equal(m.min_severity, SEVERITY_LOW);
	list_model_release(&m);
}

static void test_marks_and_keys(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	assert_int_equal(list_model_key(&m, ' '), TUI_HANDLED | TUI_REDRAW);
	assert_true(m.marked[0]);
	assert_int_equal(m.cursor, 2); /* moved on */
	list_model_key(&m, ' ');
	assert_true(m.marked[3]);
	assert_int_equal(m.n_marked, 2);
	list_model_key(&m, TUI_KEY_UP);
	list_model_key(&m, TUI_KEY_UP);
	list_model_key(&m, ' ');
	assert_false(m.marked[0]);
	assert_int_equal(m.n_marked, 1);

	assert_int_equal(list_model_key(&m, 'q'), TUI_HANDLED | TUI_QUIT);
	assert_int_equal(list_model_key(&m, TUI_KEY_ESC), TUI_HANDLED | TUI_QUIT);
	assert_int_equal(list_model_key(&m, TUI_KEY_ENTER), TUI_HANDLED | TUI_OPEN_DETAIL);
	assert_int_equal(list_model_key(&m, '/'), TUI_HANDLED | TUI_SEARCH);
	assert_int_equal(list_model_key(&m, 'd'), TUI_HANDLED | TUI_PREVIEW);
	assert_int_equal(list_model_key(&m, 'a'), TUI_HANDLED | TUI_APPLY);
	assert_int_equal(list_model_key(&m, 'u'), TUI_HANDLED | TUI_ROLLBACK);
	assert_int_equal(list_model_key(&m, 'r'), TUI_HANDLED | TUI_REAUDIT);
	assert_int_equal(list_model_key(&m, '?'), TUI_HANDLED | TUI_HELP);
	assert_int_equal(list_model_key(&m, TUI_KEY_F1), TUI_HANDLED | TUI_HELP);
	assert_int_equal(list_model_key(&m, 'h'), TUI_HANDLED | TUI_HISTORY);
	assert_int_equal(list_model_key(&m, 'p'), 0);
	assert_int_equal(list_model_key(&m, 'x'), 0);
	assert_int_equal(m.n_marked, 1); /* the action keys only ask the loop */
	list_model_release(&m);
}

/* The help is the key table: a line per key with a help text, in table order, the keys of a
 * handler without a help text of their own named with it. */
static void test_help_lines(_unused_ void **state)
{
	char **lines = tui_help_lines();
	size_t n = 0;
	for (const struct list_key *k = list_keys; k->key; k++)
		n += k->help != NULL;
	assert_int_equal(strv_length(lines), n);
	assert_string_equal(lines[0], "Enter      detail");
	assert_string_equal(lines[1], "Space      mark");
	assert_true(strv_contains(lines, "a          apply"));
	assert_true(strv_contains(lines, "? F1       help"));
	assert_true(strv_contains(lines, "q Esc      quit"));
	assert_true(strv_contains(lines, "h          history of the runs"));
	assert_true(strv_contains(lines, "PgDn       page down"));
	strv_free(lines);
}

/* What d and a act on: the marked rules in report order, else the rule under the cursor. */
static void test_selection(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	char **ids = list_model_selection(&m);
	assert_int_equal(strv_length(ids), 1);
	assert_string_equal(ids[0], "daemon.hostile");
	strv_free(ids);
	list_model_move(&m, 4); /* containers.priv */
	list_model_toggle_mark(&m);
	list_model_home(&m);
	list_model_toggle_mark(&m);
	list_model_end(&m); /* the cursor elsewhere: the marks count */
	ids = list_model_selection(&m);
	assert_int_equal(strv_length(ids), 2);
	assert_string_equal(ids[0], "daemon.hostile");
	assert_string_equal(ids[1], "containers.priv");
	strv_free(ids);
	list_model_release(&m);
	list_model_init(&m, &f->r);
	list_model_set_search(&m, "nothing matches this");
	assert_null(list_model_selection(&m)); /* no mark, no rule under the cursor */
	list_model_release(&m);
}

/* After a new audit: filters and search kept, marks dropped, the cursor on the same rule. */
static void test_reload(void **state)
{
	struct render_fixture *f = *state;
	struct list_model m;
	list_model_init(&m, &f->r);
	list_model_set_status_mask(&m, 1u << STATUS_FAIL);
	list_model_set_search(&m, "e");
	list_model_move(&m, 1);
	const char *before = selected_id(&m);
	assert_non_null(before);
	list_model_toggle_mark(&m);
	size_t rows = m.n_rows, cursor = m.cursor;
	list_model_reload(&m, &f->r, before); /* before points into f->r, which stays */
	assert_int_equal(m.status_mask, 1u << STATUS_FAIL);
	assert_string_equal(m.search, "e");
	assert_int_equal(m.n_rows, rows);
	assert_int_equal(m.cursor, cursor);
	assert_string_equal(selected_id(&m), before);
	assert_int_equal(m.n_marked, 0);
	list_model_release(&m);
}

static void test_detail(void **state)
{
	struct render_fixture *f = *state;
	char **lines = tui_detail_lines(&f->r, &f->r.results[0], 40);
	assert_non_null(lines);
	assert_string_equal(lines[0], "daemon.hostile  FAIL  MEDIUM");
	bool observed = false, evidence = false;
	STRV_FOREACH(l, lines) {
		assert_true(text_width(*l) <= 40);
		assert_null(strchr(*l, '\033')); /* escaped: cannot recolour the terminal */
		observed |= startswith(*l, "observed: debug\\x1b[31m red");
		evidence |= STREQ(*l, "evidence:");
	}
	assert_true(observed);
	assert_true(evidence);
	strv_free(lines);

	lines = tui_detail_lines(&f->r, &f->r.results[3], 12); /* waived; narrow */
	bool waiver = false;
	STRV_FOREACH(l, lines)
		waiver |= startswith(*l, "waiver:");
	assert_true(waiver);
	strv_free(lines);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_move, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_scroll, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filters, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_keys, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_marks_and_keys, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test(test_help_lines),
		cmocka_unit_test_setup_teardown(test_selection, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reload, render_fixture_setup,
						render_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_detail, render_fixture_setup,
						render_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
