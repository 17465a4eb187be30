//! A terminal buffer as an SVG picture (the README's screenshots): one monospaced text row per
//! buffer row, each run of same-styled cells one `<tspan>` with its colours, bold and reversed
//! video; box-drawing characters are drawn by the font, cell by cell on the grid.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const BG: &str = "#1e1e1e";
const FG: &str = "#d4d4d4";

/// The colour of a cell's foreground or background (the default: `None`).
fn rgb(c: Color) -> Option<&'static str> {
    Some(match c {
        Color::Reset => return None,
        Color::Black => "#000000",
        Color::Red => "#cd3131",
        Color::Green => "#0dbc79",
        Color::Yellow => "#e5e510",
        Color::Blue => "#2472c8",
        Color::Magenta => "#bc3fbc",
        Color::Cyan => "#11a8cd",
        Color::Gray => "#e5e5e5",
        Color::DarkGray => "#767676",
        Color::LightRed => "#f14c4c",
        Color::LightGreen => "#23d18b",
        Color::LightYellow => "#f5f543",
        Color::LightBlue => "#3b8eea",
        Color::LightMagenta => "#d670d6",
        Color::LightCyan => "#29b8db",
        Color::White => "#ffffff",
        // Not used by ramwiz's themes; drawn as the default rather than guessed.
        Color::Rgb(..) | Color::Indexed(_) => return None,
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG of `buf`, `title` as its accessible name.
pub fn render(buf: &Buffer, title: &str) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let (pw, ph) = (f32::from(w) * CELL_W, f32::from(h) * CELL_H);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw:.0}\" height=\"{ph:.0}\" viewBox=\"0 0 {pw:.1} {ph:.1}\" role=\"img\" aria-label=\"{}\">\n<rect width=\"100%\" height=\"100%\" fill=\"{BG}\"/>\n<g font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\" xml:space=\"preserve\">\n",
        escape(title)
    );
    for y in 0..h {
        let ty = f32::from(y) * CELL_H;
        // Backgrounds first (reversed cells swap), one rect per run.
        let mut x = 0;
        while x < w {
            let c = &buf[(x, y)];
            let rev = c.modifier.contains(Modifier::REVERSED);
            let bg = if rev {
                rgb(c.fg).or(Some(FG))
            } else {
                rgb(c.bg)
            };
            let mut end = x + 1;
            while end < w {
                let d = &buf[(end, y)];
                let drev = d.modifier.contains(Modifier::REVERSED);
                let dbg = if drev {
                    rgb(d.fg).or(Some(FG))
                } else {
                    rgb(d.bg)
                };
                if dbg != bg {
                    break;
                }
                end += 1;
            }
            if let Some(bg) = bg {
                out.push_str(&format!(
                    "<rect x=\"{:.1}\" y=\"{ty:.1}\" width=\"{:.1}\" height=\"{CELL_H:.1}\" fill=\"{bg}\"/>\n",
                    f32::from(x) * CELL_W,
                    f32::from(end - x) * CELL_W
                ));
            }
            x = end;
        }
        // Then the text: each cell at its own column, so wide or box characters stay on the grid.
        for x in 0..w {
            let c = &buf[(x, y)];
            let sym = c.symbol();
            if sym.trim().is_empty() {
                continue;
            }
            let rev = c.modifier.contains(Modifier::REVERSED);
            let fg = if rev {
                rgb(c.bg).unwrap_or(BG)
            } else {
                rgb(c.fg).unwrap_or(FG)
            };
            let mut attrs = format!("fill=\"{fg}\"");
            if c.modifier.contains(Modifier::BOLD) {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if c.modifier.contains(Modifier::DIM) {
                attrs.push_str(" opacity=\"0.6\"");
            }
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" {attrs}>{}</text>\n",
                f32::from(x) * CELL_W,
                ty + CELL_H * 0.78,
                escape(sym)
            ));
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// Writes a screenshot: `svg` at `path`, and beside it the PNG `rsvg-convert` draws from it
/// (said on stderr, and skipped, where it is missing or fails).
pub fn write_with_png(path: &std::path::Path, svg: &str) -> std::io::Result<()> {
    std::fs::write(path, svg)?;
    let png = path.with_extension("png");
    match std::process::Command::new("rsvg-convert")
        .arg("-o")
        .arg(&png)
        .arg(path)
        .status()
    {
        Ok(s) if s.success() => {}
        _ => eprintln!(
            "no PNG for {}: rsvg-convert is missing or failed",
            path.display()
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn colours_bold_reverse_and_escaping_are_drawn() {
        let mut b = Buffer::empty(Rect::new(0, 0, 4, 1));
        b.set_string(
            0,
            0,
            "<a",
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        );
        b.set_string(2, 0, "─", Style::new().add_modifier(Modifier::REVERSED));
        let s = render(&b, "t & u");
        assert!(s.contains("aria-label=\"t &amp; u\""));
        assert!(s.contains("fill=\"#cd3131\" font-weight=\"bold\">&lt;</text>"));
        assert!(
            s.contains(&format!("fill=\"{FG}\"/>")),
            "reversed cell's background"
        );
        assert!(
            s.contains(&format!("fill=\"{BG}\">─</text>")),
            "reversed cell's text"
        );
    }
}
