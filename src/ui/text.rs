//! Text to fit a width, in display columns (a CJK character takes two, a combining mark none):
//! word wrapping that keeps a line's hanging indent, and a middle "…" for names too long for
//! their column. Every screen wraps through here, so no line runs past its pane and a wrapped
//! line stays under its first word, not under its bullet.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The marks a line can start with ("✓ done…"); a wrapped line continues after the mark.
const MARKS: &[char] = &[
    '✓', '✗', '⚠', 'ℹ', '•', '→', '▶', '●', '○', '+', '-', '…', '?', '$',
];

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

pub use crate::i18n::pad;

/// The column a wrapped line continues at: its leading spaces, then a mark and its space
/// ("  ✓ "), or a label column (a first span ending in two spaces, as the identity card's
/// rows are).
fn hang(line: &Line<'_>) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lead = text.len() - text.trim_start_matches(' ').len();
    let mut at = lead;
    let rest = &text[lead..];
    let mut chars = rest.chars();
    if let (Some(c), Some(' ')) = (chars.next(), chars.next())
        && MARKS.contains(&c)
    {
        at = lead + c.width().unwrap_or(1) + 1;
    }
    if line.spans.len() > 1
        && let Some(first) = line.spans.first()
        && first.content.ends_with("  ")
        && !first.content.trim().is_empty()
    {
        at = at.max(first.width());
    }
    at
}

/// One word (or run of spaces) with its style.
struct Piece {
    text: String,
    style: Style,
    space: bool,
    /// A line may break just before this piece though no space precedes it (CJK text).
    brk_before: bool,
}

fn pieces(line: &Line<'_>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut prev: Option<char> = None;
    for span in &line.spans {
        let style = line.style.patch(span.style);
        for c in span.content.chars() {
            // Only a plain space breaks a line; a no-break space (U+00A0) keeps "tag 2" whole.
            let space = c == ' ';
            let brk = !space && prev.is_some_and(|p| p != ' ' && cjk_break(p, c));
            prev = Some(c);
            match out.last_mut() {
                Some(p) if p.space == space && p.style == style && !brk => p.text.push(c),
                _ => out.push(Piece {
                    text: c.to_string(),
                    style,
                    space,
                    brk_before: brk,
                }),
            }
        }
    }
    out
}

/// Punctuation a line must not start with (Chinese line-breaking rules, kinsoku): closing
/// brackets and quotes, and the marks that end a clause.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）」』】》〉”’…—·%,.;:?!)]}".contains(c)
}

/// Opening brackets and quotes, which a line must not end with.
fn no_line_end(c: char) -> bool {
    "（「『【《〈“‘([{".contains(c)
}

/// Whether a line may break between `a` and `b` though no space separates them: next to a wide
/// (CJK) character, as Chinese text breaks between any two characters, but never before a
/// closing mark or after an opening one.
fn cjk_break(a: char, b: char) -> bool {
    let wide = |c: char| c.width().unwrap_or(0) == 2;
    (wide(a) || wide(b)) && !no_line_start(b) && !no_line_end(a)
}

/// `line` wrapped to `cols` columns: words move to the next row whole, a word longer than a
/// row is cut by characters, and every row after the first starts at the line's hanging
/// indent (unless that would leave fewer than a third of the row).
pub fn wrap(line: &Line<'_>, cols: usize) -> Vec<Line<'static>> {
    let cols = cols.max(1);
    let total: usize = line.spans.iter().map(|s| s.width()).sum();
    if total <= cols {
        return vec![owned(line)];
    }
    let indent = {
        let h = hang(line);
        if h * 3 > cols * 2 { 0 } else { h }
    };
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    // Words that belong together (no space between them) arrive as runs of pieces: the pieces
    // of one word are gathered first so the word moves as one.
    let all = pieces(line);
    // A space waits until the word after it is placed on the same row (a row never ends in
    // one); the line's leading spaces are its indent and stay.
    let mut pending: Option<(String, Style)> = None;
    let mut i = 0;
    while i < all.len() {
        if all[i].space {
            let p = &all[i];
            if used == 0 && rows.len() == 1 {
                push(&mut rows, &p.text, p.style);
                used += width(&p.text);
            } else {
                pending = Some((p.text.clone(), p.style));
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < all.len() && !all[j].space && !all[j].brk_before {
            j += 1;
        }
        let word_w: usize = all[i..j].iter().map(|p| width(&p.text)).sum();
        let space_w = pending.as_ref().map_or(0, |(t, _)| width(t));
        if used + space_w + word_w > cols && used > indent_of(&rows, indent) {
            new_row(&mut rows, indent);
            used = indent;
        } else if let Some((t, style)) = &pending {
            push(&mut rows, t, *style);
            used += space_w;
        }
        pending = None;
        for p in &all[i..j] {
            let mut chunk = String::new();
            for c in p.text.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > cols && used > indent_of(&rows, indent) {
                    push(&mut rows, &chunk, p.style);
                    chunk.clear();
                    new_row(&mut rows, indent);
                    used = indent;
                }
                chunk.push(c);
                used += cw;
            }
            push(&mut rows, &chunk, p.style);
        }
        i = j;
    }
    rows.into_iter()
        .map(|spans| {
            let mut l = Line::from(spans);
            l.style = line.style;
            l
        })
        .collect()
}

/// The indent a row starts at: none for the first, `indent` for the rest.
fn indent_of(rows: &[Vec<Span<'static>>], indent: usize) -> usize {
    if rows.len() == 1 { 0 } else { indent }
}

fn new_row(rows: &mut Vec<Vec<Span<'static>>>, indent: usize) {
    rows.push(if indent > 0 {
        vec![Span::raw(" ".repeat(indent))]
    } else {
        Vec::new()
    });
}

fn push(rows: &mut [Vec<Span<'static>>], text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    if let Some(row) = rows.last_mut() {
        match row.last_mut() {
            Some(s) if s.style == style => s.content.to_mut().push_str(text),
            _ => row.push(Span::styled(text.to_owned(), style)),
        }
    }
}

fn owned(line: &Line<'_>) -> Line<'static> {
    let mut l = Line::from(
        line.spans
            .iter()
            .map(|s| Span::styled(s.content.to_string(), s.style))
            .collect::<Vec<_>>(),
    );
    l.style = line.style;
    l.alignment = line.alignment;
    l
}

/// Every line wrapped to `cols`.
pub fn wrap_all(lines: &[Line<'_>], cols: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap(l, cols)).collect()
}

/// `s` in at most `cols` columns: whole when it fits, else its start and end around a "…"
/// (a long user name keeps its prefix and its distinguishing end).
pub fn fit(s: &str, cols: usize) -> String {
    if width(s) <= cols {
        return s.to_owned();
    }
    if cols == 0 {
        return String::new();
    }
    let room = cols - 1;
    let head_w = room.div_ceil(2);
    let tail_w = room - head_w;
    let mut head = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > head_w {
            break;
        }
        head.push(c);
        used += cw;
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if used + cw > tail_w {
            break;
        }
        tail.push(c);
        used += cw;
    }
    tail.reverse();
    format!("{head}…{}", tail.into_iter().collect::<String>())
}

/// `s` fitted to `cols` and padded with spaces to exactly `cols` columns.
pub fn cell(s: &str, cols: usize) -> String {
    let f = fit(s, cols);
    let pad = cols.saturating_sub(width(&f));
    format!("{f}{}", " ".repeat(pad))
}

/// Column widths for a table `cols` wide: each column's natural width (its widest cell),
/// shrunk until the row fits with `gap` columns between cells. The columns in `whole` (dates,
/// key IDs) keep their width; the first column (the name a row is chosen by) gives way last;
/// the others shrink widest first, none below 8 columns.
pub fn columns(natural: &[usize], cols: usize, gap: usize, whole: &[usize]) -> Vec<usize> {
    const MIN: usize = 8;
    let mut w = natural.to_vec();
    let room = cols.saturating_sub(gap * natural.len().saturating_sub(1));
    let shrinkable = |w: &[usize], i: usize| !whole.contains(&i) && w[i] > MIN.min(natural[i]);
    while w.iter().sum::<usize>() > room {
        let others = (1..w.len())
            .filter(|&i| shrinkable(&w, i))
            .max_by_key(|&i| w[i]);
        let Some(i) = others.or_else(|| (!w.is_empty() && shrinkable(&w, 0)).then_some(0)) else {
            break;
        };
        w[i] -= 1;
    }
    w
}

/// A table: rows of cells laid out in columns fitting `cols`, each cell middle-truncated but
/// those of the `whole` columns.
pub fn table(rows: &[Vec<String>], cols: usize, whole: &[usize]) -> Vec<String> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = columns(&natural, cols, 2, whole);
    rows.iter()
        .map(|r| {
            let cells: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i + 1 == r.len() {
                        fit(c, widths[i])
                    } else {
                        cell(c, widths[i])
                    }
                })
                .collect();
            cells.join("  ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_wrapped_line_continues_under_its_first_word() {
        let l = Line::from(vec![
            Span::raw("  ✓ "),
            Span::raw("four manifests are in /home/someone/install/manifests now"),
        ]);
        let rows: Vec<String> = wrap(&l, 30).iter().map(text).collect();
        assert_eq!(rows[0], "  ✓ four manifests are in");
        assert!(rows[1..].iter().all(|r| r.starts_with("    ")), "{rows:?}");
        assert!(rows.iter().all(|r| width(r) <= 30), "{rows:?}");
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squeeze(&rows.concat()), squeeze(&text(&l)), "nothing lost");
    }

    #[test]
    fn a_label_column_is_the_indent() {
        let l = Line::from(vec![
            Span::raw(format!("  {:<12}", "Source")),
            Span::raw("profile demo-admin (/a/rather/long/path/to/credentials)"),
        ]);
        let rows: Vec<String> = wrap(&l, 40).iter().map(text).collect();
        assert!(rows.len() > 1);
        assert!(rows[1].starts_with(&" ".repeat(14)), "{rows:?}");
    }

    #[test]
    fn cjk_counts_two_columns_and_a_no_break_space_holds() {
        let l = Line::raw("访问密钥已保存到凭证文件中并已验证");
        let rows = wrap(&l, 10);
        assert!(rows.iter().all(|r| width(&text(r)) <= 10));
        assert_eq!(rows.len(), 4);
        let l = Line::raw("ecs\u{a0}10 · vpc\u{a0}4 · tag\u{a0}2");
        let rows: Vec<String> = wrap(&l, 14).iter().map(text).collect();
        assert!(rows.iter().any(|r| r.contains("tag\u{a0}2")), "{rows:?}");
    }

    #[test]
    fn long_names_lose_their_middle() {
        assert_eq!(fit("okd-installer", 20), "okd-installer");
        let f = fit("okd-installer-for-the-production-cluster-east", 20);
        assert_eq!(width(&f), 20);
        assert!(
            f.starts_with("okd-insta") && f.ends_with("east") && f.contains('…'),
            "{f}"
        );
        assert_eq!(width(&fit("用户名非常非常长的名字", 9)), 9);
        let t = table(
            &[
                vec![
                    "a-very-long-user-name-indeed-yes".into(),
                    "Display".into(),
                    "2026-12-01T10:00:00Z".into(),
                ],
                vec!["b".into(), "D".into(), "2026-12-01T10:00:00Z".into()],
            ],
            50,
            &[2],
        );
        assert!(t.iter().all(|r| width(r) <= 50), "{t:?}");
        assert!(
            t[0].ends_with("2026-12-01T10:00:00Z"),
            "dates stay whole: {t:?}"
        );
    }
}
