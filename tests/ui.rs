//! The real app driven headless with `egui_kittest`: no display, no GPU, no network.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use egui::{Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use koridor::app::{KoridorApp, Startup};

/// The file name the export dialog proposes for `route` at the dataset's latest event.
fn proposed_name(route: &str) -> String {
    let latest = koridor::Dataset::embedded()
        .unwrap()
        .latest_event()
        .unwrap()
        .date_naive();
    format!("koridor-{route}-{latest}.png")
}

fn startup() -> Startup {
    koridor::app::Startup::new(koridor::source::DataSource::Embedded)
}

fn harness(startup: Startup) -> Harness<'static, KoridorApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(400)
        .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, startup));
    harness.run_steps(4);
    harness
}

fn click_at(harness: &mut Harness<'static, KoridorApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.run_steps(1);
    harness.drag_at(pos);
    harness.run_steps(1);
    harness.drop_at(pos);
    harness.run_steps(2);
}

/// The list's item for the route named `name`: one control read as "name, status, → country ·
/// length".
fn route_item<'h>(harness: &'h Harness<'static, KoridorApp>, name: &str) -> egui_kittest::Node<'h> {
    let prefix = format!("{name}, ");
    harness.get_by(move |node| {
        node.role() == egui::accesskit::Role::ListItem
            && node.label().is_some_and(|l| l.starts_with(&prefix))
    })
}

/// Clicks the list's item for the route named `name`, scrolled into view first: with 66
/// corridors the list is longer than the window.
fn click_route(harness: &mut Harness<'static, KoridorApp>, name: &str) {
    route_item(harness, name).scroll_to_me();
    harness.run_steps(2);
    route_item(harness, name).click();
}

/// A window exporting into a new folder, Kyiv → Gomel selected and its Export dialog open.
fn export_dialog_of_kyiv_gomel() -> (tempfile::TempDir, Harness<'static, KoridorApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut start = startup();
    start.export_dir = Some(dir.path().to_path_buf());
    let mut harness = harness(start);
    click_route(&mut harness, "Kyiv → Gomel");
    harness.run_steps(2);
    harness.get_by_label("Export route…").click();
    harness.run_steps(2);
    (dir, harness)
}

/// Steps the app until the export in progress has an outcome (at most 10 s), and returns it.
fn wait_for_export(harness: &mut Harness<'static, KoridorApp>) -> Result<PathBuf, String> {
    // A guard against a hang, not a speed check: a GIF time-lapse in a debug build takes several
    // seconds, and over 10 s while the other test binaries share the machine's two cores.
    for _ in 0..2400 {
        harness.run_steps(1);
        if !harness.state().export().busy()
            && let Some(outcome) = harness.state().export().outcome()
        {
            return outcome.clone();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("no export outcome within 2 minutes")
}

fn index(harness: &Harness<'static, KoridorApp>, id: &str) -> usize {
    harness.state().dataset().index_of(id).unwrap()
}

/// A point on the route's screen path: the middle of its first segment.
fn on_route(harness: &Harness<'static, KoridorApp>, id: &str) -> Pos2 {
    let app = harness.state();
    let line = &app.dataset().corridor(id).unwrap().line.0;
    let a = app.screen_pos(line[0].x, line[0].y).unwrap();
    let b = app.screen_pos(line[1].x, line[1].y).unwrap();
    a + (b - a) * 0.5
}

#[test]
fn clicking_a_route_in_the_list_shows_its_details() {
    let mut harness = harness(startup());
    click_route(&mut harness, "Kyiv → Gomel");
    harness.run_steps(3);
    assert_eq!(
        harness.state().selected(),
        Some(index(&harness, "kyiv-gomel"))
    );
    harness.get_by_label("Clear selection");
    harness.get_by_label("Gomel, Belarus — Belarus");
    harness.get_by_label(
        "“Our people from Ivankiv, Dymer, Vyshhorod, Kyiv won’t go to Belarus to fly later to Russia”",
    );
    harness.get_by_label("272.9 km (geodesic, along the drawn line)");
}

#[test]
fn clicking_on_a_route_on_the_map_selects_it() {
    let mut harness = harness(startup());
    let pos = on_route(&harness, "sumy-belgorod");
    click_at(&mut harness, pos);
    assert_eq!(
        harness.state().selected(),
        Some(index(&harness, "sumy-belgorod"))
    );
    harness.get_by_label("Sudzha");
}

#[test]
fn clicking_off_every_route_selects_nothing() {
    let mut harness = harness(startup());
    click_route(&mut harness, "Kyiv → Gomel");
    harness.run_steps(3);
    assert!(harness.state().selected().is_some());
    // A corner of the map, checked to be far from every route drawn.
    let app = harness.state();
    let rect = app.map_view().0.unwrap();
    let pos = rect.min + vec2(20.0, 20.0);
    for c in &app.dataset().corridors {
        let line: Vec<[f32; 2]> = c
            .line
            .0
            .iter()
            .map(|p| app.screen_pos(p.x, p.y).unwrap())
            .map(|p| [p.x, p.y])
            .collect();
        assert!(
            koridor::scene::distance_to_polyline([pos.x, pos.y], &line) > 30.0,
            "{} passes the corner",
            c.id
        );
    }
    click_at(&mut harness, pos);
    assert_eq!(harness.state().selected(), None);
}

#[test]
fn escape_clears_the_selection() {
    let mut start = startup();
    start.select = Some("sumy-poltava".into());
    let mut harness = harness(start);
    harness.run_steps(2);
    assert!(harness.state().selected().is_some());
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().selected(), None);
    harness.get_by_label("Destination countries");
}

#[test]
fn the_destination_panel_lists_russia_and_belarus_with_their_criticism() {
    let harness = harness(startup());
    let data = koridor::Dataset::embedded().unwrap();
    let total = data.corridors.len();
    for (side, name, routes) in [
        (koridor::Side::Russia, "Russia", 3),
        (koridor::Side::Belarus, "Belarus", 2),
    ] {
        assert_eq!(data.on_side(side).count(), routes, "{name}");
        #[allow(clippy::cast_precision_loss)]
        let share = routes as f64 * 100.0 / total as f64;
        harness.get_by_label(&format!("{name} — {routes} routes ({share:.0}% of all)"));
    }
    harness.get_by_label("Criticism of routes into Russia");
    harness.get_by_label("Criticism of routes into Belarus");
    assert!(
        harness
            .query_all_by_label("“This is a completely immoral story.”")
            .count()
            >= 2,
        "quoted under both countries"
    );
    assert!(
        harness
            .query_all_by_label_contains("Office of the President of Ukraine, Zelensky's spokesperson, in a written message to Reuters, 2022-03-07 · source: Reuters")
            .count()
            >= 2
    );
}

#[test]
fn the_side_count_reads_four_of_six() {
    let harness = harness(startup());
    harness.get_by_label(
        "4 of 6 routes in the Russian Defence Ministry announcement of 7 March 2022 lead to Russia or Belarus",
    );
}

#[test]
fn arrow_keys_step_through_the_routes() {
    let mut harness = harness(startup());
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    let first = harness.state().selected().unwrap();
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    let second = harness.state().selected().unwrap();
    assert_ne!(first, second);
    harness.key_press(egui::Key::ArrowUp);
    harness.run_steps(2);
    assert_eq!(harness.state().selected(), Some(first));
}

#[test]
fn a_bad_dataset_shows_its_problems_in_the_window_and_the_embedded_data_stays() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/missing-id.geojson");
    let mut start = startup();
    start.source = koridor::source::DataSource::File(path);
    let harness = harness(start);
    harness
        .get_by_label("The dataset you asked for could not be opened; showing the last good one.");
    harness.get_by_label_contains("missing-id.geojson: feature 0, field `properties.id`: missing");
    assert!(harness.state().dataset().corridor("kyiv-gomel").is_some());
}

#[test]
fn a_dataset_over_the_windows_limit_is_refused_with_its_size_and_one_within_it_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.geojson");
    let text = koridor::synth::synthetic_geojson(3, 1);
    std::fs::write(&path, &text).unwrap();
    let size = text.len() as u64;
    let mut start = startup();
    start.source = koridor::source::DataSource::File(path.clone());
    start.data_limit = size - 1;
    let refused = harness(start);
    refused.get_by_label_contains(&format!(
        "three.geojson: {size} bytes is over the {} byte limit for a dataset",
        size - 1
    ));
    assert!(refused.state().dataset().corridor("kyiv-gomel").is_some());
    let mut start = startup();
    start.source = koridor::source::DataSource::File(path);
    start.data_limit = size;
    let opened = harness(start);
    assert_eq!(opened.state().dataset().corridors.len(), 3);
}

#[test]
fn filtering_out_a_country_hides_its_routes_from_the_list() {
    let mut harness = harness(startup());
    harness.get_by_label("Filters").click();
    harness.run_steps(2);
    harness.get_by_label("Belarus").click();
    harness.run_steps(2);
    assert_eq!(
        harness.query_all_by_label("Kyiv → Gomel").count(),
        1,
        "only the destination panel still names it"
    );
}

#[test]
fn exporting_the_selected_route_from_the_window_writes_its_png() {
    let (dir, mut harness) = export_dialog_of_kyiv_gomel();
    harness.get_by_label("Save").click();
    let expected = dir.path().join(proposed_name("kyiv-gomel"));
    assert_eq!(wait_for_export(&mut harness).as_ref(), Ok(&expected));
    harness.run_steps(1);
    harness.get_by_label(&format!("Saved {}", expected.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&expected).unwrap(),
    ));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1600, 1000));
    assert!(
        reader
            .info()
            .uncompressed_latin1_text
            .iter()
            .any(|t| t.keyword == "Koridor-Route" && t.text == "kyiv-gomel")
    );
}

#[test]
fn choosing_pdf_in_the_export_dialog_renames_the_file_and_writes_a_pdf() {
    let (dir, mut harness) = export_dialog_of_kyiv_gomel();
    harness.get_by_label("PDF").click();
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    let expected = dir
        .path()
        .join(proposed_name("kyiv-gomel").replace(".png", ".pdf"));
    assert_eq!(wait_for_export(&mut harness).as_ref(), Ok(&expected));
    let bytes = std::fs::read(&expected).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        !dir.path().join(proposed_name("kyiv-gomel")).exists(),
        "a PNG was written too"
    );
}

#[test]
fn a_time_lapse_from_the_export_dialog_writes_the_gif_and_its_captions() {
    let (dir, mut harness) = export_dialog_of_kyiv_gomel();
    harness.get_by_label("GIF").click();
    harness.run_steps(2);
    // The range is proposed: the route's first to its last event.
    harness.get_by_label("From");
    harness.get_by_label("6 hours").click();
    harness.run_steps(1);
    harness.get_by_label("Width in pixels");
    harness.get_by_label("Save").click();
    let gif = dir
        .path()
        .join(proposed_name("kyiv-gomel").replace(".png", ".gif"));
    assert_eq!(wait_for_export(&mut harness).as_ref(), Ok(&gif));
    assert!(std::fs::read(&gif).unwrap().starts_with(b"GIF89a"));
    let srt = std::fs::read_to_string(gif.with_extension("srt")).unwrap();
    assert!(srt.contains("Kyiv → Gomel: On "), "{srt}");
}

#[test]
fn a_share_pack_from_the_export_dialog_writes_its_folder() {
    let (dir, mut harness) = export_dialog_of_kyiv_gomel();
    harness.get_by_label("Share pack").click();
    let folder = wait_for_export(&mut harness).unwrap();
    assert_eq!(folder.parent(), Some(dir.path()));
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("koridor_kyiv-gomel_2022"), "{name}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 7);
}

#[test]
fn an_atlas_from_the_export_dialog_writes_a_pack_per_route() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid.geojson");
    let mut start = Startup::new(koridor::source::DataSource::File(fixture));
    start.export_dir = Some(dir.path().to_path_buf());
    let mut harness = harness(start);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_steps(2);
    harness.get_by_label("Atlas").click();
    assert_eq!(
        wait_for_export(&mut harness).as_ref(),
        Ok(&dir.path().to_path_buf())
    );
    let folders = common::file_names(dir.path());
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(
        folders[0].starts_with("koridor_sumy-poltava_"),
        "{folders:?}"
    );
    // Again: the folder is there, so the pack fails, and the outcome says which and why.
    harness.get_by_label("Atlas").click();
    let err = wait_for_export(&mut harness).unwrap_err();
    assert!(
        err.contains("1 of 1 share packs failed: sumy-poltava") && err.contains("exists already"),
        "{err}"
    );
}

#[test]
fn ctrl_e_opens_the_export_dialog_and_escape_closes_it() {
    let mut harness = harness(startup());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_steps(2);
    assert!(harness.state().export().is_open());
    harness.get_by_label("The current view");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().export().is_open());
}

#[test]
fn the_event_list_is_in_time_order_and_a_click_jumps_there() {
    let mut start = startup();
    start.select = Some("sumy-poltava".into());
    let mut harness = harness(start);
    let rows = koridor::app::event_rows(harness.state().dataset());
    assert!(rows.windows(2).all(|w| w[0].time <= w[1].time));
    harness.run_steps(2);
    harness.get_by_label("Events").click();
    harness.run_steps(2);
    harness.get_by_label("only the selected corridor").click();
    harness.run_steps(2);
    // 8 March, 09:00: Sumy → Poltava, the first corridor that worked, starts operating.
    let sumy = harness.state().dataset().index_of("sumy-poltava").unwrap();
    let row = rows
        .iter()
        .find(|r| r.corridor == sumy && r.status == Some(koridor::Status::Operating))
        .unwrap();
    assert_eq!(row.time.to_rfc3339(), "2022-03-08T09:00:00+02:00");
    // The link is named by what happened, not only when (all of them would read "8 Mar 09:00").
    let label = format!(
        "{}, Sumy → Poltava, operating: ",
        row.time.format("%-d %B %H:%M")
    );
    assert_eq!(
        harness.query_all_by_label_contains(&label).count(),
        1,
        "one event of Sumy → Poltava named {label:?}"
    );
    harness.get_by_label_contains(&label).scroll_to_me();
    harness.run_steps(2);
    harness.get_by_label_contains(&label).click();
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.at(), row.time);
    assert_eq!(app.selected(), Some(row.corridor));
    assert_eq!(app.dataset().corridors[row.corridor].id, "sumy-poltava");
}

#[test]
fn the_destination_panel_charts_the_refugee_figures_for_the_shown_date() {
    let mut start = startup();
    start.at = Some("2022-03-08T12:00:00+02:00".parse().unwrap());
    let harness = harness(start);
    harness.get_by_label("Where people went");
    harness.get_by_label("Belarus: about 453 · 2 routes offered");
    harness.get_by_label("Poland: about 1,204,000");
    harness.get_by_label("Russia: about 99,300 · 3 routes offered");
    harness.get_by_label_contains("UNHCR data of 2022-03-08");
}

fn ukrainian() -> Startup {
    let mut start = startup();
    start.lang = koridor::Lang::Uk;
    start.lang_given = true;
    start
}

#[test]
fn switching_the_language_changes_the_labels() {
    let mut harness = harness(startup());
    assert_eq!(
        harness.query_all_by_label("Corridors").count(),
        2,
        "the tab and the heading"
    );
    harness.get_by_label("Language").click();
    harness.run_steps(2);
    harness.get_by_label("Українська").click();
    harness.run_steps(3);
    assert_eq!(harness.state().lang(), koridor::Lang::Uk);
    assert_eq!(harness.query_all_by_label("Коридори").count(), 2);
    harness.get_by_label("Країни призначення");
    assert_eq!(harness.query_all_by_label("Corridors").count(), 0);
    assert!(harness.query_all_by_label("Київ → Гомель").count() >= 1);
}

#[test]
fn every_control_has_an_accessible_name_in_every_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut start = startup();
    start.export_dir = Some(dir.path().to_path_buf());
    let mut harness = harness(start);
    harness.check_accessibility();
    harness.get_by_label("Filters").click();
    harness.run_steps(2);
    harness.check_accessibility();
    click_route(&mut harness, "Kyiv → Gomel");
    harness.run_steps(2);
    harness.check_accessibility();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_steps(2);
    harness.check_accessibility();
    harness.key_press(egui::Key::Escape);
    harness.get_by_label("Events").click();
    harness.run_steps(2);
    harness.check_accessibility();
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    harness.get_by(|node| {
        node.role() == egui::accesskit::Role::Dialog
            && node.label().as_deref() == Some("Keyboard shortcuts")
    });
    harness.check_accessibility();
}

#[test]
fn a_ukrainian_reader_finds_kyiv_gomel_reads_the_rejection_and_exports_it_without_a_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let mut start = ukrainian();
    start.export_dir = Some(dir.path().to_path_buf());
    let mut harness = harness(start);
    let target = index(&harness, "kyiv-gomel");
    for _ in 0..harness.state().dataset().corridors.len() {
        if harness.state().selected() == Some(target) {
            break;
        }
        harness.key_press(egui::Key::ArrowDown);
        harness.run_steps(2);
    }
    assert_eq!(harness.state().selected(), Some(target));
    assert_eq!(
        harness.query_all_by_label("Київ → Гомель").count(),
        1,
        "the details' heading"
    );
    let item = format!("{:?}", route_item(&harness, "Київ → Гомель"));
    assert!(
        item.contains("Київ → Гомель, відхилено, → Білорусь · 273 км"),
        "the list's item reads name, status and destination: {item}"
    );
    // Why Ukraine rejected it, in Ukrainian.
    harness.get_by_label_contains("Україна відхилила маршрут того ж дня");
    harness.get_by_label("“Це абсолютно аморальна історія.”");
    harness.get_by_label(
        "“Це громадяни України, вони повинні мати право евакуюватися на територію України.”",
    );
    // Export: Ctrl+E, then Enter.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_steps(2);
    harness.key_press(egui::Key::Enter);
    let expected = dir.path().join(proposed_name("kyiv-gomel"));
    assert_eq!(wait_for_export(&mut harness).as_ref(), Ok(&expected));
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&expected).unwrap(),
    ));
    let reader = decoder.read_info().unwrap();
    let title = reader
        .info()
        .utf8_text
        .iter()
        .find(|t| t.keyword == "Title")
        .unwrap()
        .get_text()
        .unwrap();
    assert_eq!(title, "Київ → Гомель");
}

#[test]
fn the_window_state_is_saved_and_restored() {
    let mut start = ukrainian();
    start.select = Some("sumy-poltava".into());
    let mut harness = harness(start);
    harness.run_steps(3);
    let saved = serde_json::to_string(&harness.state().saved_state()).unwrap();
    let mut start = startup();
    start.saved_state = Some(saved);
    let restored = harness_from(start);
    let app = restored.state();
    assert_eq!(app.selected(), Some(index(&restored, "sumy-poltava")));
    assert_eq!(app.lang(), koridor::Lang::Uk);
    assert_eq!(app.saved_state(), harness.state().saved_state());
}

#[test]
fn a_corrupt_saved_state_is_ignored_with_a_warning() {
    let mut start = startup();
    start.saved_state = Some("{ garbage".into());
    let harness = harness_from(start);
    assert_eq!(harness.state().selected(), None);
    assert_eq!(harness.state().lang(), koridor::Lang::En);
    harness.get_by_label_contains("The saved window state could not be read and was ignored");
}

fn harness_from(start: Startup) -> Harness<'static, KoridorApp> {
    harness(start)
}

#[test]
fn a_route_clicked_on_the_map_is_fitted_when_part_of_it_is_off_screen() {
    let mut start = startup();
    start.saved_state = Some(
        r#"{"center":[30.45,50.5],"zoom":10.0,"selected":null,"tiles":"offline","lang":"en","theme":"System","at":"2022-03-17T12:00:00+02:00","legend_open":false}"#.into(),
    );
    let mut harness = harness(start);
    let gomel = harness
        .state()
        .dataset()
        .corridor("kyiv-gomel")
        .unwrap()
        .line
        .0
        .clone();
    let rect = harness.state().map_view().0.unwrap();
    assert!(
        !rect.contains(
            harness
                .state()
                .screen_pos(gomel.last().unwrap().x, gomel.last().unwrap().y)
                .unwrap()
        ),
        "Gomel starts off screen"
    );
    let pos = on_route(&harness, "kyiv-gomel");
    click_at(&mut harness, pos);
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.selected(), Some(index(&harness, "kyiv-gomel")));
    for p in &gomel {
        assert!(
            rect.contains(app.screen_pos(p.x, p.y).unwrap()),
            "the route is not fully in view after the click"
        );
    }
}

#[test]
fn without_a_desktop_file_chooser_the_proposed_path_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut start = startup();
    start.export_dir = Some(dir.path().to_path_buf());
    let mut harness = harness(start);
    click_route(&mut harness, "Kyiv → Gomel");
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_steps(2);
    let proposed = dir
        .path()
        .join(proposed_name("kyiv-gomel"))
        .display()
        .to_string();
    assert!(
        harness.query_all_by_value(&proposed).count() >= 1,
        "the proposed path is in the field"
    );
    harness.get_by_label("Choose…").click();
    // The window keeps running while the desktop is asked; with no session bus (as in CI)
    // the answer is "nothing" and the proposed path stays.
    for _ in 0..40 {
        let started = std::time::Instant::now();
        harness.run_steps(1);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            harness.query_all_by_value(&proposed).count() >= 1,
            "the proposed path stays"
        );
    }
}

#[test]
fn a_window_announced_in_moscow_time_shows_kyiv_time_too_and_cite_copies_a_reference() {
    // Tall enough that the sources at the end of the details are on screen to be clicked.
    let app_start = startup();
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 4000.0))
        .with_max_steps(400)
        .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, app_start));
    harness.run_steps(4);
    click_route(&mut harness, "Kyiv → Gomel");
    harness.run_steps(3);
    harness.get_by_label("7 Mar 2022 10:00 Moscow time (09:00 Kyiv time) – end not reported");
    harness.get_all_by_label("Cite").next().unwrap().click();
    let mut copied = None;
    for _ in 0..3 {
        harness.run_steps(1);
        copied = copied.or_else(|| {
            harness
                .output()
                .platform_output
                .commands
                .iter()
                .find_map(|c| match c {
                    egui::OutputCommand::CopyText(text) => Some(text.clone()),
                    _ => None,
                })
        });
    }
    let first = &harness
        .state()
        .dataset()
        .corridor("kyiv-gomel")
        .unwrap()
        .sources[0];
    let copied = copied.expect("Cite copied a reference");
    assert!(copied.starts_with(&first.publisher), "{copied}");
    assert!(
        copied.contains("Cited from the Koridor dataset"),
        "{copied}"
    );
    harness.get_by_label(&format!("Reference copied: {}", first.publisher));
}

#[test]
fn a_schematic_route_says_its_length_is_a_straight_line() {
    let mut start = startup();
    start.select = Some("kharkiv-lviv".into());
    let mut harness = harness(start);
    harness.run_steps(2);
    let km = harness
        .state()
        .dataset()
        .corridor("kharkiv-lviv")
        .unwrap()
        .length_km;
    harness.get_by_label(&format!(
        "{km:.1} km in a straight line (direction only: no route was published)"
    ));
    let item = format!("{:?}", route_item(&harness, "Kharkiv → Lviv"));
    assert!(
        item.contains(&format!("→ Ukraine · {km:.0} km in a straight line")),
        "{item}"
    );
    // An announced route keeps its length along the drawn line.
    let kyiv = harness
        .state()
        .dataset()
        .corridor("kyiv-gomel")
        .unwrap()
        .length_km;
    let item = format!("{:?}", route_item(&harness, "Kyiv → Gomel"));
    assert!(
        item.contains(&format!("→ Belarus · {kyiv:.0} km")),
        "{item}"
    );
}

#[test]
fn clicking_a_day_on_the_tally_strip_moves_there_and_shows_only_that_days_corridors() {
    let mut start = startup();
    start.at = Some("2022-03-10T12:00:00+02:00".parse().unwrap());
    let mut harness = harness(start);
    let cell = harness.get_by_label_contains("12 Mar 2022: Iryna Vereshchuk");
    assert!(
        format!("{cell:?}").contains("9 of 14 corridors worked"),
        "the cell reads the tally: {cell:?}"
    );
    cell.click();
    harness.run_steps(3);
    let day = chrono::NaiveDate::from_ymd_opt(2022, 3, 12).unwrap();
    let app = harness.state();
    assert_eq!(app.day_filter(), Some(day));
    assert_eq!(app.at().to_rfc3339(), "2022-03-12T12:00:00+02:00");
    let shown: Vec<&str> = app
        .dataset()
        .corridors
        .iter()
        .filter(|c| app.passes_filters(c))
        .map(|c| c.id.as_str())
        .collect();
    assert!(shown.contains(&"sumy-poltava"), "{shown:?}");
    assert!(!shown.contains(&"kyiv-gomel"), "{shown:?}");
    harness.get_by_label("All days").click();
    harness.run_steps(2);
    assert_eq!(harness.state().day_filter(), None);
}

#[test]
fn the_details_give_the_record_day_by_day_with_each_days_result_and_window() {
    let mut start = startup();
    start.select = Some("sumy-poltava".into());
    let app_start = start;
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 6000.0))
        .with_max_steps(400)
        .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, app_start));
    harness.run_steps(4);
    harness.get_by_label("Day by day");
    let data = koridor::Dataset::embedded().unwrap();
    let days = data.corridor("sumy-poltava").unwrap().instances();
    assert!(days.len() >= 8, "{} days", days.len());
    for day in &days {
        let text = day.day.format("%-d %b %Y").to_string();
        assert!(
            harness.get_all_by_label(&text).next().is_some(),
            "no heading for {text}"
        );
    }
    // The 8 March window, under its day, on both clocks.
    harness.get_by_label(
        "window 8 Mar 2022 09:00 Kyiv time (10:00 Moscow time) – 8 Mar 2022 21:00 Kyiv time (22:00 Moscow time)",
    );
    // 15 March was agreed and nothing was reported of it.
    let fifteenth = days
        .iter()
        .find(|d| d.day.to_string() == "2022-03-15")
        .unwrap();
    assert_eq!(fifteenth.result, Some(koridor::Status::Unreported));
}

#[test]
fn a_route_fitted_in_the_window_is_never_under_the_date_or_the_legend() {
    /// Every point of `id` is clear of the date and the legend as last drawn.
    fn clear_of_panels(harness: &Harness<'static, KoridorApp>, id: &str, when: &str) {
        let app = harness.state();
        let index = app.dataset().index_of(id).unwrap();
        assert_eq!(app.selected(), Some(index));
        let panels = app.map_panels().to_vec();
        assert_eq!(panels.len(), 2, "the date and the legend: {panels:?}");
        for p in &app.dataset().corridors[index].line.0 {
            let at = app.screen_pos(p.x, p.y).unwrap();
            for panel in &panels {
                assert!(!panel.contains(at), "{id} {when}: {at:?} under {panel:?}");
            }
        }
    }
    for (id, size, lang) in [
        ("kyiv-gomel", vec2(1400.0, 900.0), koridor::Lang::Uk),
        ("mariupol-rostov", vec2(1000.0, 700.0), koridor::Lang::En),
        ("sumy-poltava", vec2(1400.0, 900.0), koridor::Lang::En),
    ] {
        let mut start = startup();
        start.at = Some("2022-03-12T12:00:00+02:00".parse().unwrap());
        start.select = Some(id.into());
        start.lang = lang;
        let mut harness = Harness::builder()
            .with_size(size)
            .with_max_steps(400)
            .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, start));
        harness.run_steps(8);
        // Fitted at start, once the panels have been laid out…
        clear_of_panels(&harness, id, "at start");
        // …and when selected again from the keyboard.
        harness.key_press(egui::Key::ArrowDown);
        harness.run_steps(2);
        harness.key_press(egui::Key::ArrowUp);
        harness.run_steps(6);
        clear_of_panels(&harness, id, "selected again");
    }
}

/// A view code naming Kharkiv → Belgorod on 9 March at 18:00, over Kharkiv at zoom 8.5, in
/// Ukrainian, with closed routes and routes into Belarus hidden.
fn sample_code(dataset: u32) -> koridor::viewcode::ViewCode {
    koridor::viewcode::ViewCode {
        dataset,
        at: "2022-03-09T18:00:00+02:00".parse().unwrap(),
        route: Some(koridor::viewcode::route_hash("kharkiv-belgorod")),
        center: (36.25, 50.0),
        zoom: 8.5,
        lang: koridor::Lang::Uk,
        hidden_statuses: vec![koridor::Status::Closed],
        hidden_countries: vec!["BY".into()],
        day: None,
    }
}

#[test]
fn koridor_open_shows_the_map_a_view_code_names_and_the_status_bar_shows_its_code() {
    let data = koridor::Dataset::embedded().unwrap();
    let code = sample_code(koridor::viewcode::dataset_hash(&data));
    let mut start = startup();
    start.view_code = Some(code.clone());
    let mut harness = harness(start);
    harness.run_steps(4);
    let app = harness.state();
    assert_eq!(app.selected(), data.index_of("kharkiv-belgorod"));
    assert_eq!(app.at(), code.at);
    assert_eq!(app.lang(), koridor::Lang::Uk);
    // The window's own code is the one it was opened with: moment, route, place, zoom,
    // filters and language, all of it.
    assert_eq!(app.view_code(), code);
    harness.get_by_label(&code.to_text());
    harness.get_by_label("Копіювати код виду");
}

#[test]
fn a_view_code_pasted_on_the_map_opens_it_and_another_datasets_code_says_so() {
    let data = koridor::Dataset::embedded().unwrap();
    let mut harness = harness(startup());
    let code = sample_code(koridor::viewcode::dataset_hash(&data));
    harness.event(egui::Event::Paste(code.to_text()));
    harness.run_steps(3);
    assert_eq!(harness.state().view_code(), code);
    // A code from another dataset opens what this one has, and the window says so.
    let other = koridor::viewcode::ViewCode {
        at: "2022-03-08T12:00:00+02:00".parse().unwrap(),
        ..sample_code(12345)
    };
    harness.event(egui::Event::Paste(other.to_text()));
    harness.run_steps(3);
    assert_eq!(harness.state().at(), other.at);
    assert_eq!(
        harness.state().selected(),
        data.index_of("kharkiv-belgorod")
    );
    harness.get_by(|n| {
        n.label()
            .or_else(|| n.value())
            .is_some_and(|t| t.contains("іншим набором даних"))
    });
    // A mistyped code changes nothing and says why.
    let before = harness.state().view_code();
    let mut typo = other.to_text();
    typo.replace_range(10..11, if &typo[10..11] == "A" { "B" } else { "A" });
    harness.event(egui::Event::Paste(typo));
    harness.run_steps(3);
    assert_eq!(harness.state().view_code(), before);
}

#[path = "common/archive.rs"]
mod fixture;

/// Steps the app until `done` holds (at most 10 s).
fn step_until(
    harness: &mut Harness<'static, KoridorApp>,
    done: impl Fn(&KoridorApp) -> bool,
) -> bool {
    for _ in 0..200 {
        harness.run_steps(1);
        if done(harness.state()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    false
}

#[test]
fn a_street_basemap_opened_from_the_file_menu_is_opened_credited_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("irpin.pmtiles");
    std::fs::write(&path, fixture::protomaps_archive()).unwrap();
    let mut harness = harness(startup());
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Open basemap…").click();
    harness.run_steps(2);
    let field = harness.get_by_label("Path of a PMTiles file");
    field.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Path of a PMTiles file")
        .type_text(&path.display().to_string());
    harness.run_steps(1);
    harness.get_by_label("Open").click();
    assert!(
        step_until(&mut harness, |app| app.street_basemap().is_some()),
        "opened; notice: {:?}",
        harness.state().notice()
    );
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("Street basemap: Protomaps © OpenStreetMap")
            .is_some(),
        "the archive's attribution in the status bar"
    );
    assert_eq!(
        harness.state().saved_state().tiles,
        path.display().to_string()
    );
}

#[test]
fn a_street_basemap_that_will_not_open_is_told_and_the_embedded_basemap_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.pmtiles");
    std::fs::write(&path, b"no archive here").unwrap();
    let mut start = startup();
    start.tiles = koridor::net::TileChoice::Archive(path);
    let mut harness = harness(start);
    assert!(step_until(&mut harness, |app| app.notice().is_some()));
    let notice = harness.state().notice().unwrap().to_owned();
    assert!(
        notice.contains("broken.pmtiles") && notice.contains("embedded basemap is shown"),
        "{notice}"
    );
    assert!(harness.state().street_basemap().is_none());
    assert_eq!(harness.state().saved_state().tiles, "offline");
}

/// Steps until no route layer is being built on a thread (a hang guard, not a speed check).
fn wait_for_base_layer(harness: &mut Harness<'static, KoridorApp>) {
    for _ in 0..2400 {
        harness.step();
        if !harness.state().base_layer().0 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the route layer was still being built after 2 minutes")
}

#[test]
fn a_pinch_zoom_shows_the_last_route_layer_moved_into_place_then_one_built_for_the_new_zoom() {
    let mut harness = harness(Startup::new(koridor::source::DataSource::Embedded));
    // The map settles first (its first frames may move it, and build a layer on a thread).
    wait_for_base_layer(&mut harness);
    harness.run_steps(2);
    let (rect, zoom) = harness.state().map_view();
    let centre = rect.unwrap().center();
    assert_eq!(harness.state().base_layer(), (false, Some(zoom)));
    harness.hover_at(centre);
    harness.event(egui::Event::Zoom(1.08));
    harness.step();
    let (_, zoomed) = harness.state().map_view();
    assert!(zoomed > zoom, "{zoomed} after {zoom}");
    // The gesture's frame draws the layer it has, scaled; none is built on the frame.
    assert_eq!(harness.state().base_layer(), (false, Some(zoom)));
    // Once the view rests, a layer for the new zoom is built on a thread and swapped in.
    harness.step();
    wait_for_base_layer(&mut harness);
    harness.run_steps(2);
    assert_eq!(harness.state().base_layer(), (false, Some(zoomed)));
}

#[test]
fn a_whole_zoom_level_from_the_keyboard_is_drawn_at_its_zoom_on_the_same_frame() {
    let mut harness = harness(Startup::new(koridor::source::DataSource::Embedded));
    harness.run_steps(4);
    let (_, before) = harness.state().map_view();
    harness.key_press(egui::Key::Plus);
    harness.run_steps(2);
    let (_, zoomed) = harness.state().map_view();
    assert!((zoomed - before - 1.0).abs() < 1e-9, "{before} → {zoomed}");
    // A jump, not a gesture: the layer is rebuilt on the frame, never shown stale.
    assert_eq!(harness.state().base_layer(), (false, Some(zoomed)));
}

#[test]
fn a_large_route_layer_is_a_mesh_while_the_map_moves_and_one_picture_once_it_rests() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("10k.geojson");
    std::fs::write(&file, koridor::synth::synthetic_geojson(10_000, 1)).unwrap();
    let mut harness = harness(Startup::new(koridor::source::DataSource::File(file)));
    harness.run_steps(2);
    // Built on the frame: a mesh, whose picture is drawn on a thread once the map rests.
    assert!(!harness.state().base_layer_is_picture());
    wait_for_base_layer(&mut harness);
    harness.run_steps(2);
    assert!(harness.state().base_layer_is_picture());
    // A drag past the layer's margin: a new layer, a mesh again until the map rests.
    let (rect, _) = harness.state().map_view();
    let centre = rect.unwrap().center();
    let mut saw_mesh = false;
    harness.drag_at(centre);
    for step in 1..=30 {
        harness.hover_at(centre + vec2(-20.0 * step as f32, 0.0));
        harness.step();
        saw_mesh |= !harness.state().base_layer_is_picture();
    }
    harness.drop_at(centre + vec2(-600.0, 0.0));
    for _ in 0..2400 {
        harness.step();
        saw_mesh |= !harness.state().base_layer_is_picture();
        if !harness.state().base_layer().0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        saw_mesh,
        "the layer built for the moved map was never shown as a mesh"
    );
    // The map may glide on after the drop; once it rests, the new layer gets its picture.
    for _ in 0..2400 {
        harness.step();
        if harness.state().base_layer_is_picture() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the moved map's layer got no picture in 2 minutes");
}
