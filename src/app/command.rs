//! What the user asked for this frame. Every panel, window and modal returns
//! [`Command`]s; [`super::MpoApp::apply`] carries them out, in one place.

use std::path::PathBuf;

use super::file_ops::{FileRequest, UnsavedAnswer};
use super::history::{Change, MergeKey};
use mpo_budget_core::output::charts::Chart;

/// A user action, applied at the end of the frame.
#[must_use]
#[derive(Debug, Clone)]
pub enum Command {
    /// A change to the design; the document records what it replaces.
    Edit(Box<Change>, Option<MergeKey>),
    /// A drag ended: the next edit is an undo step of its own.
    EndGesture,
    Select(Option<usize>),
    /// The part of the selected link the inspector edits.
    Focus(super::schematic::Part),
    /// Keyboard focus to the inspector's first field.
    FocusEditor,
    Undo,
    Redo,
    New,
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    SaveTo(PathBuf),
    Quit,
    ShowCatalog(bool),
    ShowSelection(bool),
    /// The shared trunks, panels and cassettes, their use and conflicts.
    ShowInfrastructure(bool),
    /// Ask for a price list (CSV) to replace the current one.
    LoadPrices,
    /// Save the bill of materials as CSV (asks where).
    ExportBom,
    /// Save the bill of materials to this path.
    ExportBomTo(PathBuf),
    ExportReport,
    ExportReportTo(PathBuf),
    /// Save one of the selected link's plots (asks where; SVG or PNG by extension).
    ExportPlot(Chart),
    ExportPlotTo(Chart, PathBuf),
    /// The app's own file dialog gave a path for this request.
    PathChosen(FileRequest, PathBuf),
    /// The app's own file dialog was closed without a path.
    CloseFileDialog,
    /// The answer to "Save the changes first?".
    AnswerUnsaved(UnsavedAnswer),
    /// Ask for a link schedule (CSV or XLSX) to plan.
    ImportSchedule,
    /// The planned schedule replaces the open design (true) or is dropped.
    AcceptImport(bool),
    /// Ask for a certifier's results (CSV) to judge against the design.
    ImportResults,
    /// The answer to "Recover unsaved work?": restore (true) or discard.
    Recover(bool),
    DismissError,
    /// Stop waiting for a design being opened in the background.
    CancelOpening,
}

impl Command {
    pub fn edit(change: Change, merge: Option<MergeKey>) -> Self {
        Command::Edit(Box::new(change), merge)
    }
}
