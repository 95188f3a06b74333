//! A preview page as HTML with its text alternative: the SVG picture named "Seite N von M"
//! and, below it, the page's text line by line (read from Typst's layout: every text run at
//! its place, runs on one baseline joined), in a `<details>` a screen reader and a keyboard
//! reach. The accessible PDF (PDF/UA) is linked beside the preview.

use typst::layout::{Frame, FrameItem, Point};
use typst_layout::Page;

/// The HTML of page `index` (0-based) of `count`: picture and text.
pub fn page_html(
    page: &Page,
    index: usize,
    count: usize,
    options: &typst_svg::SvgOptions,
) -> String {
    let svg = typst_svg::svg(page, options);
    let name = format!("Seite {} von {count}", index + 1);
    let svg = svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{name}, Bild; der Text folgt\" "),
        1,
    );
    let mut html = format!(
        "<div class=\"seite\">{svg}<details class=\"seitentext\"><summary>{name} als Text</summary>"
    );
    for line in lines(&page.frame) {
        html.push_str("<p>");
        html.push_str(&escape(&line));
        html.push_str("</p>");
    }
    html.push_str("</details></div>");
    html
}

/// The page's text runs as lines, top to bottom, left to right.
pub fn lines(frame: &Frame) -> Vec<String> {
    let mut runs: Vec<(f64, f64, f64, String)> = Vec::new();
    collect(frame, Point::zero(), &mut runs);
    runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut lines: Vec<(f64, f64, String)> = Vec::new();
    for (y, x, width, text) in runs {
        match lines.last_mut() {
            // The same baseline (within a point): the same line.
            Some((line_y, end, line)) if (y - *line_y).abs() < 1.0 => {
                if x - *end > 0.5 && !line.ends_with(' ') && !text.starts_with(' ') {
                    line.push(' ');
                }
                line.push_str(&text);
                *end = x + width;
            }
            _ => lines.push((y, x + width, text)),
        }
    }
    lines
        .into_iter()
        .map(|(_, _, line)| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

fn collect(frame: &Frame, origin: Point, runs: &mut Vec<(f64, f64, f64, String)>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(group) => {
                let shifted = at + Point::new(group.transform.tx, group.transform.ty);
                collect(&group.frame, shifted, runs);
            }
            FrameItem::Text(text) => runs.push((
                at.y.to_pt(),
                at.x.to_pt(),
                text.width().to_pt(),
                text.text.to_string(),
            )),
            _ => {}
        }
    }
}

/// Text made literal in HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_is_literal_in_html() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    }
}
