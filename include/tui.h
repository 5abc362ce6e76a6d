/* tui.h: `dockward tui`, the interactive view of a report (htop model).
 *
 * The TUI owns no verdicts: it reads a struct report (from audit_run(), as `dockward audit`
 * does) and asks its caller (struct tui_actions, src/cli/cli-tui.c) for plans, applies,
 * rollbacks and new audits, which go through the CLI's own entry points. It never probes and
 * never applies by itself.
 *
 * Two halves: the list model below is plain data with no terminal (unit-tested by
 * tests/unit/test-tui-list.c); the screens (src/tui/screen-*.c) draw it with ncursesw and turn
 * keys into calls on the model. Key handlers return enum tui_flags instead of acting globally:
 * the main loop (src/tui/tui.c) decides what a flag means (redraw, open a screen, quit). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* What a key handler asks of the loop. */
enum tui_flags {
	TUI_HANDLED = 1 << 0,     /* the key meant something */
	TUI_REDRAW = 1 << 1,      /* the screen changed */
	TUI_QUIT = 1 << 2,        /* close this screen (the last one: leave the TUI) */
	TUI_OPEN_DETAIL = 1 << 3, /* open the detail of the selected rule */
	TUI_PREVIEW = 1 << 4,     /* preview the fix of the marked (or selected) rules */
	TUI_SEARCH = 1 << 5,      /* prompt for a search string */
	TUI_APPLY = 1 << 6,       /* confirm, then apply the fix of the marked (or selected) rules */
	TUI_ROLLBACK = 1 << 7,    /* roll the last run back */
	TUI_REAUDIT = 1 << 8,     /* audit again */
	TUI_HELP = 1 << 9,        /* open the help: the key table */
	TUI_HISTORY = 1 << 10,    /* open the history: the runs of the journal */
};

/* Keys, independent of the terminal library: printable characters are themselves, the rest
 * is mapped by the terminal module (src/tui/tui-term.c). */
enum tui_key {
	TUI_KEY_ENTER = '\n',
	TUI_KEY_ESC = 27,
	TUI_KEY_UP = 0x10000,
	TUI_KEY_DOWN,
	TUI_KEY_PGUP,
	TUI_KEY_PGDN,
	TUI_KEY_HOME,
	TUI_KEY_END,
	TUI_KEY_RESIZE,
	TUI_KEY_F1,
};

/* One line of the list: a section header (result NULL) or a rule. */
struct list_row {
	const char *section;         /* borrowed from the baseline; "other" when the rule has none */
	const struct result *result; /* borrowed from the report; NULL for a header */
	size_t index;                /* the result's index in report->results */
};

#define LIST_SEARCH_MAX 256 /* bytes of a search string */

struct list_model {
	const struct report *report; /* borrowed */
	struct list_row *rows;       /* the visible rows, rebuilt when a filter changes */
	size_t n_rows;
	size_t cursor; /* a rule row, or 0 when no rule is visible */
	size_t top;    /* the first row on screen (kept by list_model_scroll()) */
	size_t page;   /* rows on screen, set by the drawing code (>= 1) */
	unsigned status_mask; /* 1 << enum status for each status shown */
	enum severity min_severity;
	char *search; /* NULL: none; case-insensitive substring of id, title or observed */
	bool *marked; /* one per result */
	size_t n_marked;
	size_t *position; /* one per result: its row among rules when nothing is filtered */
};

/* The model over r (borrowed: it must outlive the model), every rule shown, the cursor on the
 * first rule. Release with list_model_release(). */
void list_model_init(struct list_model *m, const struct report *r);
void list_model_release(struct list_model *m);

/* Filters: each rebuilds the rows and keeps the cursor on the same rule when it is still shown,
 * else on the nearest rule after it (before it at the end). */
void list_model_set_status_mask(struct list_model *m, unsigned mask);
void list_model_set_min_severity(struct list_model *m, enum severity s);
/* s NULL or "": no search. Longer than LIST_SEARCH_MAX: cut there. */
void list_model_set_search(struct list_model *m, const char *s);
/* Whether result i passes the current filters. */
bool list_model_shows(const struct list_model *m, size_t i);

/* The rule under the cursor, or NULL when no rule is visible. */
const struct result *list_model_selected(const struct list_model *m);
/* Moves the cursor by delta rule rows (clamped, header rows skipped), or to the first/last. */
void list_model_move(struct list_model *m, long delta);
void list_model_home(struct list_model *m);
void list_model_end(struct list_model *m);
/* Keeps the cursor within [top, top + page). */
void list_model_scroll(struct list_model *m);
/* Marks or unmarks the rule under the cursor. true when there was one. */
bool list_model_toggle_mark(struct list_model *m);
/* The ids of the marked rules in report order, else the id of the rule under the cursor, else
 * NULL. A strv the caller frees. */
char **list_model_selection(const struct list_model *m);
/* The model over r, a new report of the same host (after an apply or a new audit): the filters
 * and the search are kept, the marks dropped, the cursor goes to the rule id (the one selected
 * before, saved by the caller: the old report may be freed already) when it is shown. */
void list_model_reload(struct list_model *m, const struct report *r, const char *id);

/* The key table of the list screen. */
struct list_key {
	int key;
	unsigned (*handler)(struct list_model *m, int key); /* enum tui_flags */
	const char *label; /* for the footer ("q"), NULL: not shown */
	const char *help;  /* ("quit") */
};
/* Adding a key: a handler in src/tui/list-model.c, a line in list_keys[] (src/tui/list-model.c),
 * a case in tests/unit/test-tui-list.c. */
extern const struct list_key list_keys[]; /* terminated by key 0 */
/* Runs the handler of key, or returns 0 when the key means nothing here. */
unsigned list_model_key(struct list_model *m, int key);
/* The help screen's text: a line per key of list_keys[] that has a help text ("Space     mark"),
 * in table order. A NULL-terminated strv the caller frees. */
char **tui_help_lines(void);

/* Short labels: "PASS", "FAIL", "ERROR", "N/A", "WAIVED", "MANUAL"; "LOW" ... "CRITICAL". */
const char *tui_status_label(enum status s);
const char *tui_severity_label(enum severity s);

/* The detail of one result as lines of escaped text (rationale, expected/observed, evidence,
 * objects, remediation), each at most width columns (wrapped). A NULL-terminated strv the caller
 * frees. (src/tui/screen-detail.c) */
char **tui_detail_lines(const struct report *r, const struct result *res, size_t width);

/* What the TUI asks of its caller: the CLI's entry points (src/cli/cli-tui.c). ids: rule ids
 * from list_model_selection(). Texts and messages are allocated (the caller of the callback
 * frees them), plain text, one line for a message. */
struct tui_actions {
	void *userdata;
	/* The report shown; its contents change after apply, rollback and reaudit (same pointer). */
	const struct report *report;
	/* Report-only: apply and rollback are not offered; why (for the message), or NULL. */
	bool read_only;
	const char *read_only_why;
	/* The plan for ids: confirm false: as `dockward fix --dry-run` shows it (diffs);
	 * confirm true: what will change (files, other changes, restart of dockerd). 0 (a plan
	 * to apply), 1 (nothing to change: the text says so), or -errno (the text says why). */
	int (*plan)(void *userdata, char **ids, bool confirm, char **ret_text);
	/* Applies the plan for ids as `dockward fix --yes --only IDS`, then audits again. 0 or
	 * -errno; *ret_msg says what happened either way. */
	int (*apply)(void *userdata, char **ids, char **ret_msg);
	/* Rolls the last run back as `dockward rollback --yes`, then audits again. */
	int (*rollback)(void *userdata, char **ret_msg);
	/* Audits again. */
	int (*reaudit)(void *userdata, char **ret_msg);
	/* The runs of the journal as `dockward history -v` lists them. 0 or -errno (the text
	 * says why). */
	int (*history)(void *userdata, char **ret_text);
};

enum tui_run_flags {
	TUI_RUN_COLOR = 1 << 0, /* colours, when the terminal has them */
};
/* Runs the interactive TUI on a->report until the user quits. Needs a terminal on stdin and
 * stdout. 0, or -errno when the terminal could not be set up (nothing printed; the caller
 * logs). */
int tui_run(const struct tui_actions *a, unsigned flags);
