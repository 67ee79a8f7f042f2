//! When ink cannot be seen on what it is written on: the colours every
//! format resolves to (`.xlsx` by `rgb`, `indexed` and theme, `.xls` by
//! colour index and PALETTE, `.ods` by `#rrggbb`) and the one contrast rule
//! that judges them.
//!
//! Separate from the number formats in [`super`]: a colour is not a format
//! section, and the xlsx theme and the rich-text runs use it too.

/// A colour, as 0xRRGGBB.
pub(in crate::intake) type Rgb = u32;

/// White, the colour of "no fill".
pub(in crate::intake) const WHITE: Rgb = 0xFF_FF_FF;

/// The least contrast (WCAG 2's ratio of relative luminances, 1:1 for
/// one colour, 21:1 for black on white) at which text can be told from
/// what it is on. Below it the text is a faint tint a person checking the
/// sheet reads as blank: white darkened 5 % (`F2F2F2`) or yellow on white
/// (1.12:1, 1.07:1), silver on a shade darker (1.17:1). Light grey
/// (`D9D9D9`, 1.41:1) and every colour a sheet uses to mark a row are above.
const LEAST_CONTRAST: f64 = 1.2;

/// Whether text of colour `ink` on a ground of colour `ground` (a solid
/// fill, or white for no fill) shows nothing: too little contrast to be
/// read ([`LEAST_CONTRAST`]). An unknown colour (automatic, an accent theme
/// colour, a system colour) is no match: LibreOffice even turns automatic
/// text white on a dark fill.
pub(in crate::intake) fn ink_lost_in(ink: Option<Rgb>, ground: Option<Rgb>) -> bool {
    let (Some(i), Some(g)) = (ink, ground) else {
        return false;
    };
    let (a, b) = (luminance(i), luminance(g));
    (a.max(b) + 0.05) / (a.min(b) + 0.05) < LEAST_CONTRAST
}

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance(c: Rgb) -> f64 {
    let channel = |shift: u32| {
        let v = f64::from((c >> shift) & 0xFF) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

/// Excel's default palette, indexes 0 to 63: what an `.xlsx` `indexed`
/// colour names, and an `.xls` colour index when no PALETTE record
/// redefines it ([MS-XLS] 2.5.161 ColorICV; 64 and 65, the system's text
/// and window colours, and above are `None`).
pub(in crate::intake) fn palette_colour(index: u16) -> Option<Rgb> {
    const DEFAULT: [Rgb; 56] = [
        0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000,
        0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366,
        0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00,
        0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99,
        0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900,
        0xFF6600, 0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366,
        0x333399, 0x333333,
    ];
    match index {
        0..=7 => DEFAULT.get(usize::from(index)).copied(),
        8..=63 => DEFAULT.get(usize::from(index) - 8).copied(),
        _ => None,
    }
}
