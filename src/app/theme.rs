//! Fonts and style the app needs before its first frame.

/// The bundled Hack font backs up the proportional one for the arrows and
/// symbols the channel editor and plots draw, so no platform font is needed.
pub fn setup_context(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    if fonts.font_data.contains_key("Hack") {
        fonts
            .families
            .entry(egui::FontFamily::Proportional)
            .or_default()
            .push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}
