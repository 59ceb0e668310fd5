//! The summary's charts as inline SVG (no script, no network, printable):
//! the pass-rate heat map, the items to remedy per unit and the trend
//! across campaigns, drawn with plotters' SVG backend from
//! [`Picture`](super::model::Picture). The HTML page puts the same figures
//! in tables beside them, for screen readers and for Word.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::clean;
use super::model::{HeatMap, TrendPoint, UnitFollowup};
use crate::core::lang::Lang;

/// Width of every chart, in pixels (the page is 60em wide).
const WIDTH: u32 = 760;
/// Height of one unit's row in the heat map and the bar chart.
const ROW: u32 = 20;
/// Room for the unit names on the left.
const NAMES: u32 = 230;
const FONT: &str = "sans-serif";

/// Why a chart could not be drawn (the page then shows the table alone).
pub type ChartError = String;

fn err(e: impl std::fmt::Display) -> ChartError {
    e.to_string()
}

/// A unit name that fits the label column.
fn short(name: &str) -> String {
    let name = clean(name);
    if name.chars().count() <= 32 {
        name
    } else {
        let mut s: String = name.chars().take(31).collect();
        s.push('…');
        s
    }
}

/// The colour of a pass rate, banded on the classification's thresholds
/// (below 70 % not compliant, from 90 % compliant): red below 50 %, orange
/// below 70 %, yellow below 90 %, green from 90 %; grey where not inspected.
pub fn rate_colour(permille: Option<u32>) -> RGBColor {
    match permille {
        None => RGBColor(0xE6, 0xE6, 0xE6),
        Some(p) if p < 500 => RGBColor(0xC0, 0x39, 0x2B),
        Some(p) if p < 700 => RGBColor(0xE6, 0x7E, 0x22),
        Some(p) if p < 900 => RGBColor(0xF4, 0xD0, 0x3F),
        Some(_) => RGBColor(0x27, 0xAE, 0x60),
    }
}

/// A whole-percent label, "85" (the tables carry the tenths).
fn whole(p: u32) -> String {
    ((p + 5) / 10).to_string()
}

/// Names the SVG for assistive technology, which reads the table anyway.
fn labelled(svg: String, label: &str) -> String {
    let label = super::html::esc(label);
    svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" "),
        1,
    )
}

fn draw(
    size: (u32, u32),
    label: &str,
    paint: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        paint(&root)?;
        root.present().map_err(err)?;
    }
    Ok(labelled(svg, label))
}

/// Text centred on a point.
fn centred(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).pos(Pos::new(HPos::Center, VPos::Center))
}

/// Text ending at a point, vertically centred (the names left of a row).
fn right_aligned(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).pos(Pos::new(HPos::Right, VPos::Center))
}

/// Units down, topics (numbered as in the key) across, each cell coloured
/// by its pass rate and carrying the figure. Drawn cell by cell in pixels:
/// a grid of categories needs no axis arithmetic.
pub fn heat_map(h: &HeatMap, topics: usize, label: &str) -> Result<String, ChartError> {
    let rows = h.units.len() as u32;
    let topics = topics.max(1) as u32;
    let (left, top) = (NAMES as i32, 28i32);
    let cell_w = ((WIDTH - NAMES - 10) / topics).min(80) as i32;
    let height = top as u32 + ROW * rows + 10;
    draw((WIDTH, height), label, |root| {
        let number = centred(13);
        for t in 0..topics as i32 {
            let x = left + t * cell_w + cell_w / 2;
            root.draw(&Text::new((t + 1).to_string(), (x, top / 2), &number))
                .map_err(err)?;
        }
        let name = right_aligned(13);
        let figure = centred(12);
        for (r, (unit, rates)) in h.units.iter().zip(&h.rates).enumerate() {
            let y = top + r as i32 * ROW as i32;
            root.draw(&Text::new(
                short(unit),
                (left - 6, y + ROW as i32 / 2),
                &name,
            ))
            .map_err(err)?;
            for (t, rate) in rates.iter().enumerate() {
                let x = left + t as i32 * cell_w;
                let corners = [(x, y), (x + cell_w, y + ROW as i32)];
                root.draw(&Rectangle::new(corners, rate_colour(*rate).filled()))
                    .map_err(err)?;
                root.draw(&Rectangle::new(corners, WHITE.stroke_width(1)))
                    .map_err(err)?;
                if let Some(p) = rate {
                    let centre = (x + cell_w / 2, y + ROW as i32 / 2);
                    root.draw(&Text::new(whole(*p), centre, &figure))
                        .map_err(err)?;
                }
            }
        }
        Ok(())
    })
}

/// Per unit, a bar of the items still to remedy and, over it, the overdue
/// ones, on a scale of items.
pub fn followup_bars(
    units: &[UnitFollowup],
    lang: Lang,
    label: &str,
) -> Result<String, ChartError> {
    let rows = units.len().max(1);
    let most = units.iter().map(|u| u.to_remedy).max().unwrap_or(0).max(1);
    let height = 70 + ROW * rows as u32 + 30;
    let (to_remedy, overdue) = (
        super::strings::still_to_remedy(lang),
        super::strings::of_which_overdue(lang),
    );
    let grey = RGBColor(0x7F, 0x8C, 0x8D);
    let red = RGBColor(0xC0, 0x39, 0x2B);
    draw((WIDTH, height), label, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .margin_top(50)
            .x_label_area_size(24)
            .y_label_area_size(NAMES - 10)
            // Rows are drawn from the top: row i spans i..i+1 downwards.
            .build_cartesian_2d(0f64..most as f64 * 1.05, rows as f64..0f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(0)
            .y_labels(0)
            .x_labels(most.min(10) + 1)
            .x_label_formatter(&|x: &f64| {
                // Items are whole: no label between two of them.
                if (x - x.round()).abs() < 1e-9 {
                    format!("{x:.0}")
                } else {
                    String::new()
                }
            })
            .label_style((FONT, 13))
            .draw()
            .map_err(err)?;
        let bar = |i: usize, n: usize, shrink: f64| {
            [
                (0.0, i as f64 + shrink),
                (n as f64, i as f64 + 1.0 - shrink),
            ]
        };
        chart
            .draw_series(
                units
                    .iter()
                    .enumerate()
                    .map(|(i, u)| Rectangle::new(bar(i, u.to_remedy, 0.15), grey.filled())),
            )
            .map_err(err)?;
        chart
            .draw_series(
                units
                    .iter()
                    .enumerate()
                    .filter(|(_, u)| u.overdue > 0)
                    .map(|(i, u)| Rectangle::new(bar(i, u.overdue, 0.3), red.filled())),
            )
            .map_err(err)?;
        let name = right_aligned(13);
        for (i, u) in units.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(0.0, i as f64 + 0.5));
            root.draw(&Text::new(short(&u.unit), (x - 6, y), &name))
                .map_err(err)?;
        }
        // The key, above the bars.
        let key = TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        let mut x = NAMES as i32;
        for (word, colour) in [(to_remedy, grey), (overdue, red)] {
            root.draw(&Rectangle::new([(x, 14), (x + 14, 28)], colour.filled()))
                .map_err(err)?;
            root.draw(&Text::new(word, (x + 20, 21), &key))
                .map_err(err)?;
            x += 200;
        }
        Ok(())
    })
}

/// The pass rate over all units per campaign (a thick line), and each
/// topic's (thin, numbered as in the key).
pub fn trend(points: &[TrendPoint], lang: Lang, label: &str) -> Result<String, ChartError> {
    let n = points.len().max(1);
    let overall_word = lang.pick("Chung", "Overall");
    draw((WIDTH, 320), label, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(14)
            .x_label_area_size(28)
            .y_label_area_size(44)
            // Campaign i sits at x = i, half a step from either edge.
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..100f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|y: &f64| format!("{y:.0} %"))
            .label_style((FONT, 13))
            .draw()
            .map_err(err)?;
        let label_style = centred(13);
        for (i, p) in points.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64, 0.0));
            root.draw(&Text::new(clean(&p.campaign), (x, y + 14), &label_style))
                .map_err(err)?;
        }
        // A campaign's point, its rate in percent.
        let at = |i: usize, permille: u32| (i as f64, permille as f64 / 10.0);
        let topics = points.first().map_or(0, |p| p.by_topic.len());
        for t in 0..topics {
            let colour = Palette99::pick(t).to_rgba();
            let line: Vec<(f64, f64)> = points
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.by_topic.get(t).copied().flatten().map(|r| at(i, r)))
                .collect();
            chart
                .draw_series(LineSeries::new(line.clone(), colour.stroke_width(1)))
                .map_err(err)?
                .label((t + 1).to_string())
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], colour));
            chart
                .draw_series(line.iter().map(|&p| Circle::new(p, 2, colour.filled())))
                .map_err(err)?;
        }
        let overall: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.overall.map(|r| at(i, r)))
            .collect();
        chart
            .draw_series(LineSeries::new(overall.clone(), BLACK.stroke_width(3)))
            .map_err(err)?
            .label(overall_word)
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], BLACK.stroke_width(3)));
        chart
            .draw_series(overall.iter().map(|&p| Circle::new(p, 4, BLACK.filled())))
            .map_err(err)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font((FONT, 12))
            .draw()
            .map_err(err)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heat() -> HeatMap {
        HeatMap {
            campaign: "2026".into(),
            units: vec!["UBND xã Vĩnh Hòa".into(), "<script>".into()],
            rates: vec![vec![Some(954), None], vec![Some(420), Some(700)]],
        }
    }

    #[test]
    fn the_heat_map_is_an_inline_svg_carrying_every_figure() {
        let svg = heat_map(&heat(), 2, "Tỷ lệ đạt").unwrap();
        assert!(
            svg.starts_with("<svg role=\"img\" aria-label=\"Tỷ lệ đạt\" "),
            "{svg}"
        );
        assert!(svg.contains("Vĩnh Hòa"));
        // A name is text, never markup.
        assert!(svg.contains("&lt;script&gt;") && !svg.contains("<script"));
        for figure in ["\n95\n", "\n42\n", "\n70\n"] {
            assert!(svg.contains(figure), "{figure} in the chart");
        }
        // Each rate in its band's colour; the cell not inspected grey.
        for colour in ["#27AE60", "#C0392B", "#F4D03F", "#E6E6E6"] {
            assert!(svg.contains(colour), "{colour}");
        }
        assert!(!svg.contains("<script") && !svg.contains("href"));
    }

    #[test]
    fn bars_and_trend_draw_and_name_their_series() {
        let units = [UnitFollowup {
            unit: "UBND phường 1".into(),
            to_remedy: 4,
            overdue: 2,
        }];
        let svg = followup_bars(&units, Lang::Vi, "Tồn tại").unwrap();
        assert!(svg.contains("Trong đó quá hạn") && svg.contains("phường 1"));
        let points = [
            TrendPoint {
                campaign: "2025".into(),
                overall: Some(600),
                by_topic: vec![Some(500)],
            },
            TrendPoint {
                campaign: "2026".into(),
                overall: Some(800),
                by_topic: vec![None],
            },
        ];
        let svg = trend(&points, Lang::En, "Trend").unwrap();
        assert!(svg.contains("\n2025\n") && svg.contains("\n2026\n") && svg.contains("Overall"));
        assert!(svg.contains("<polyline"), "the lines are drawn");
    }

    #[test]
    fn rates_take_the_classification_bands() {
        assert_eq!(rate_colour(Some(899)), RGBColor(0xF4, 0xD0, 0x3F));
        assert_eq!(rate_colour(Some(900)), RGBColor(0x27, 0xAE, 0x60));
        assert_eq!(rate_colour(Some(699)), RGBColor(0xE6, 0x7E, 0x22));
    }
}
