//! MPO position geometry (standards.md §4.3): a position is a row and a column
//! of the ferrule seen from the end face, key up. Every element of a channel
//! is a combination of two flips, H (columns reversed) and V (rows swapped),
//! plus Type C's pair swap within each row.

use crate::model::units::FiberCount;

/// The ferrule layout of a fiber count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub rows: u8,
    pub cols: u8,
    /// Base-8: only columns 1–4 and 9–12 carry fiber.
    pub base8: bool,
}

impl Frame {
    pub fn of(count: FiberCount) -> Frame {
        let (rows, cols, base8) = match count {
            FiberCount::F8 => (1, 12, true),
            FiberCount::F12 => (1, 12, false),
            FiberCount::F16 => (1, 16, false),
            FiberCount::F24 => (2, 12, false),
            FiberCount::F32 => (2, 16, false),
        };
        Frame { rows, cols, base8 }
    }

    /// An LC duplex connector: positions 1 and 2 (A and B).
    pub fn duplex() -> Frame {
        Frame {
            rows: 1,
            cols: 2,
            base8: false,
        }
    }

    /// A module's port.
    pub fn of_port(t: &crate::catalog::Port) -> Frame {
        match (t.connector, t.mpo_fibers) {
            (crate::catalog::PortConnector::LcDuplex, _) => Frame::duplex(),
            (crate::catalog::PortConnector::Mpo, f) => Frame::of(f.unwrap_or(FiberCount::F12)),
        }
    }

    pub fn is_duplex(self) -> bool {
        self == Frame::duplex()
    }

    /// Whether two ferrules of these layouts line up position for position.
    pub fn lines_up_with(self, other: Frame) -> bool {
        self.rows == other.rows && self.cols == other.cols
    }

    pub fn has_fiber(self, p: Pos) -> bool {
        !self.base8 || p.col <= 4 || p.col >= 9
    }

    /// Position number, 1-based, row by row (row 1 = 1..cols).
    pub fn number(self, p: Pos) -> u8 {
        p.row * self.cols + p.col
    }

    pub fn pos(self, number: u8) -> Pos {
        let n = number.saturating_sub(1);
        Pos {
            row: n / self.cols,
            col: n % self.cols + 1,
        }
    }

    /// Columns reversed: a plug meeting a plug or a module face to face, key
    /// on the same side; the key-up/key-up adapter.
    pub fn h(self, p: Pos) -> Pos {
        Pos {
            row: p.row,
            col: self.cols + 1 - p.col,
        }
    }

    /// Rows swapped: the key-up/key-down adapter (nothing for one row).
    pub fn v(self, p: Pos) -> Pos {
        Pos {
            row: self.rows - 1 - p.row,
            col: p.col,
        }
    }

    /// Type C: 1↔2, 3↔4, … within each row.
    pub fn pair_swap(self, p: Pos) -> Pos {
        let col = if p.col % 2 == 1 { p.col + 1 } else { p.col - 1 };
        Pos { row: p.row, col }
    }
}

/// A ferrule position: row 0 is the key side; columns 1..=cols left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub row: u8,
    pub col: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 12-fiber maps of standards.md §4.2, exactly.
    #[test]
    fn twelve_fiber_type_a_b_c_maps() {
        let f = Frame::of(FiberCount::F12);
        let type_b: Vec<u8> = (1..=12).map(|n| f.number(f.v(f.h(f.pos(n))))).collect();
        assert_eq!(type_b, [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        let type_c: Vec<u8> = (1..=12).map(|n| f.number(f.pair_swap(f.pos(n)))).collect();
        assert_eq!(type_c, [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11]);
    }

    /// §4.3: 24 fibers Type B = 25 − p (reversed and rows swapped); 32 = 33 − p; 16 = 17 − p.
    #[test]
    fn type_b_on_two_rows_reverses_and_swaps_rows() {
        for (count, total) in [
            (FiberCount::F24, 25u8),
            (FiberCount::F32, 33),
            (FiberCount::F16, 17),
        ] {
            let f = Frame::of(count);
            for n in 1..total {
                assert_eq!(
                    f.number(f.v(f.h(f.pos(n)))),
                    total - n,
                    "{count} position {n}"
                );
            }
        }
        let f = Frame::of(FiberCount::F24);
        assert_eq!(
            f.number(f.v(f.pos(1))),
            13,
            "key-up/key-down adapter swaps rows"
        );
        assert_eq!(f.number(f.pair_swap(f.pos(13))), 14);
    }

    #[test]
    fn base8_has_no_fiber_in_the_middle() {
        let f = Frame::of(FiberCount::F8);
        let populated: Vec<u8> = (1..=12).filter(|n| f.has_fiber(f.pos(*n))).collect();
        assert_eq!(populated, [1, 2, 3, 4, 9, 10, 11, 12]);
        assert!(f.lines_up_with(Frame::of(FiberCount::F12)));
        assert!(!f.lines_up_with(Frame::of(FiberCount::F16)));
    }
}
