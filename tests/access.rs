//! What a screen-reader or keyboard user gets, checked through the AccessKit tree that
//! `egui_kittest` reads (the same tree AT-SPI publishes; `.ci/atspi_check.py` reads it there).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use egui::accesskit::Role;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use koridor::app::{KoridorApp, Startup};

fn startup() -> Startup {
    let mut start = Startup::new(koridor::source::DataSource::Embedded);
    start.at = Some("2022-03-08T12:00:00+02:00".parse().unwrap());
    start
}

fn harness(startup: Startup) -> Harness<'static, KoridorApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(400)
        .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, startup));
    harness.run_steps(4);
    harness
}

/// The labels of every node with `role`.
fn labels(harness: &Harness<'static, KoridorApp>, role: Role) -> Vec<String> {
    harness
        .query_all_by(move |node| node.role() == role)
        .filter_map(|node| node.accesskit_node().label())
        .collect()
}

/// The announcement a screen reader heard last (the polite live region's text).
fn announcement(harness: &Harness<'static, KoridorApp>) -> String {
    harness
        .get_by(|node| node.live() == egui::accesskit::Live::Polite && node.role() == Role::Label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

/// The node with the keyboard focus.
#[expect(
    clippy::redundant_closure_for_method_calls,
    reason = "the method itself is not general enough over the tree's lifetime"
)]
fn focused_node<'h>(harness: &'h Harness<'static, KoridorApp>) -> egui_kittest::Node<'h> {
    harness.get_by(|n| n.is_focused())
}

#[test]
fn every_route_is_in_the_tree_with_its_status_and_destination_though_the_list_scrolls() {
    let harness = harness(startup());
    let items = labels(&harness, Role::ListItem);
    let data = harness.state().dataset();
    assert_eq!(items.len(), data.corridors.len(), "{items:?}");
    let at = harness.state().at();
    for c in &data.corridors {
        let status = koridor::i18n::status_word(c.status_at(at), koridor::Lang::En);
        // Names repeat (Mariupol → Zaporizhzhia was announced on many days): one with this
        // name and status.
        let prefix = format!("{}, {status}, → ", c.name.en());
        assert!(
            items
                .iter()
                .any(|l| l.starts_with(&prefix) && l.contains(" km")),
            "no item reads {prefix:?}… for {}: {:?}",
            c.id,
            items
                .iter()
                .filter(|l| l.starts_with(c.name.en()))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_window_and_the_map_are_named_and_the_map_describes_the_view() {
    let mut harness = harness(startup());
    let map =
        harness.get_by(|node| node.role() == Role::Image && node.label().as_deref() == Some("Map"));
    let description = map.accesskit_node().description().unwrap_or_default();
    assert!(
        description
            .starts_with("Map at 8 Mar 2022 12:00 Kyiv time (13:00 Moscow time). Routes in view: "),
        "{description}"
    );
    assert!(description.ends_with("No route selected."), "{description}");
    assert_eq!(
        harness.root().accesskit_node().label().as_deref(),
        Some("Koridor")
    );
    // Selecting a route adds its text equivalent to the map's description and announces it.
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(3);
    let selected = harness.state().selected().unwrap();
    let name = harness.state().dataset().corridors[selected]
        .name
        .en()
        .to_owned();
    let map =
        harness.get_by(|node| node.role() == Role::Image && node.label().as_deref() == Some("Map"));
    let description = map.accesskit_node().description().unwrap_or_default();
    assert!(
        description.contains(&format!("Selected: {name}, proposed by")),
        "{description}"
    );
    assert!(announcement(&harness).starts_with(&format!("{name}, proposed by")));
}

/// The map's description (its text equivalent).
fn map_description(harness: &Harness<'static, KoridorApp>) -> String {
    harness
        .get_by(|node| node.role() == Role::Image && node.label().as_deref() == Some("Map"))
        .accesskit_node()
        .description()
        .unwrap_or_default()
}

#[test]
fn the_maps_description_follows_a_zoom_once_the_map_has_rested() {
    let mut harness = harness(startup());
    let before = map_description(&harness);
    // Zoom in over Kyiv's side of the map, a step a frame, as a wheel does.
    harness.hover_at(egui::pos2(700.0, 400.0));
    for _ in 0..4 {
        harness.key_press(egui::Key::Plus);
        harness.step();
        // While the map moves, and for a moment after, the description is the one it had.
        assert_eq!(map_description(&harness), before);
    }
    // Resting half a second (30 frames of a 60 Hz clock), it describes the new view.
    harness.run_steps(30);
    let after = map_description(&harness);
    let count = |text: &str| {
        text.split("Routes in view: ")
            .nth(1)
            .and_then(|rest| rest.split(['.', ' ']).next())
            .and_then(|n| n.parse::<usize>().ok())
    };
    assert!(
        matches!((count(&before), count(&after)), (Some(b), Some(a)) if a < b),
        "{before}\n{after}"
    );
}

#[test]
fn moving_the_date_announces_the_selected_routes_status_with_its_source_or_the_view() {
    let mut start = startup();
    start.select = Some("kyiv-gomel".into());
    let mut harness = harness(start);
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(3);
    let heard = announcement(&harness);
    assert!(
        heard.starts_with("Kyiv → Gomel. On 8 March 2022 13:00: rejected — "),
        "{heard}"
    );
    assert!(heard.contains("(Reuters"), "who said so and where: {heard}");
    // With nothing selected, the moment and the routes in view.
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(3);
    let heard = announcement(&harness);
    assert!(
        heard
            .starts_with("Map at 8 Mar 2022 14:00 Kyiv time (15:00 Moscow time). Routes in view: "),
        "{heard}"
    );
}

#[test]
fn the_date_slider_reads_as_a_date_and_its_arrows_move_by_the_hour_without_snapping_back() {
    let mut harness = harness(startup());
    let slider = harness.get_by_role(Role::Slider);
    let label = slider.accesskit_node().label().unwrap_or_default();
    assert_eq!(label, "Date: 8 March 2022 12:00");
    slider.focus();
    harness.run_steps(2);
    let before = harness.state().at();
    for _ in 0..3 {
        harness.key_press(egui::Key::ArrowRight);
        harness.run_steps(1);
    }
    assert_eq!(harness.state().at() - before, chrono::Duration::hours(3));
    let label = harness
        .get_by_role(Role::Slider)
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert_eq!(label, "Date: 8 March 2022 15:00");
}

#[test]
fn help_and_export_are_modal_dialogs_that_take_the_focus_and_give_it_back() {
    let mut start = startup();
    start.select = Some("kyiv-gomel".into());
    let mut harness = harness(start);
    let selected = harness.state().selected();
    harness.key_press(egui::Key::F1);
    harness.run_steps(3);
    let dialog = harness.get_by(|n| n.role() == Role::Dialog);
    assert_eq!(
        dialog.accesskit_node().label().as_deref(),
        Some("Keyboard shortcuts")
    );
    let focused = focused_node(&harness);
    assert_eq!(focused.accesskit_node().label().as_deref(), Some("Close"));
    // Esc closes it; the selection stays and the focus does not fall to the bare window.
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(
        harness.query_all_by(|n| n.role() == Role::Dialog).count(),
        0
    );
    assert_eq!(harness.state().selected(), selected);
    let focused = focused_node(&harness);
    assert_eq!(focused.accesskit_node().label().as_deref(), Some("Map"));
    // Ctrl+E opens Export with the file field focused, one key away.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_steps(3);
    let dialog = harness.get_by(|n| n.role() == Role::Dialog);
    assert_eq!(
        dialog.accesskit_node().label().as_deref(),
        Some("Export snapshot")
    );
    let focused = focused_node(&harness);
    assert_eq!(focused.accesskit_node().role(), Role::TextInput);
    harness.get_by_label("Width in pixels");
    harness.get_by_label("Height in pixels");
    harness.get_by(|n| n.role() == Role::RadioGroup && n.label().as_deref() == Some("Scale"));
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(
        harness.query_all_by(|n| n.role() == Role::Dialog).count(),
        0
    );
    assert_eq!(harness.state().selected(), selected);
    // With no dialog open, Esc clears the selection.
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().selected(), None);
}

#[test]
fn shortcuts_work_while_a_route_has_the_focus_and_a_focused_map_pans_with_the_arrows() {
    let mut harness = harness(startup());
    // F1 with a route focused.
    harness
        .query_all_by(|n| n.role() == Role::ListItem)
        .next()
        .unwrap()
        .focus();
    harness.run_steps(2);
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    assert_eq!(
        harness.query_all_by(|n| n.role() == Role::Dialog).count(),
        1
    );
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    // The map takes the focus and the arrows move it, not the time.
    harness
        .get_by(|n| n.role() == Role::Image && n.label().as_deref() == Some("Map"))
        .focus();
    harness.run_steps(2);
    let at = harness.state().at();
    let kyiv = harness.state().screen_pos(30.52, 50.45).unwrap();
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(3);
    let moved = harness.state().screen_pos(30.52, 50.45).unwrap();
    assert!(
        (kyiv.x - moved.x - 80.0).abs() < 1.0,
        "{kyiv:?} → {moved:?}"
    );
    assert!((kyiv.y - moved.y).abs() < 1.0, "{kyiv:?} → {moved:?}");
    assert_eq!(harness.state().at(), at);
}

#[test]
fn origin_headings_say_whether_they_are_expanded() {
    let mut harness = harness(startup());
    let kyiv = |node: &egui_kittest::kittest::AccessKitNode<'_>| {
        node.label().is_some_and(|l| l.starts_with("From Kyiv ("))
    };
    let heading = harness.get_by(kyiv);
    assert_eq!(heading.accesskit_node().data().is_expanded(), Some(true));
    heading.click();
    harness.run_steps(2);
    let heading = harness.get_by(kyiv);
    assert_eq!(heading.accesskit_node().data().is_expanded(), Some(false));
}

#[test]
fn labels_are_not_clickable_combo_boxes_give_their_choice_and_menus_have_menu_items() {
    let mut harness = harness(startup());
    let clickable: Vec<String> = harness
        .query_all_by(|n| {
            n.role() == Role::Label && n.data().supports_action(egui::accesskit::Action::Click)
        })
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert!(
        clickable.is_empty(),
        "labels offering a click: {clickable:?}"
    );
    let language =
        harness.get_by(|n| n.role() == Role::ComboBox && n.label().as_deref() == Some("Language"));
    assert_eq!(language.accesskit_node().data().value(), Some("English"));
    let legend = harness.get_by_label("Legend");
    assert!(legend.accesskit_node().data().is_expanded().is_some());
    harness.get_by_label("File").click();
    harness.run_steps(2);
    let items: Vec<String> = labels(&harness, Role::MenuItem);
    assert_eq!(
        items,
        [
            "Open…",
            "Open URL…",
            "Reload F5",
            "Save As…",
            "Open basemap…"
        ]
    );
}
