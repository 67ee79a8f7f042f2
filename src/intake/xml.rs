//! The XML reading shared by payrun's own looks inside workbooks: hidden
//! rows and columns (`.xlsx`, `.ods`), the `.ods` expansion guard, and the
//! `.ods` cells calamine reads wrong.
//!
//! Tags are read by quick-xml (the parser calamine itself uses), so payrun
//! sees a tag exactly as calamine does: a `>` inside a quoted attribute value
//! does not end it, entities in values are resolved, and a tag is read whole
//! however long it is. What payrun adds is a byte limit on every part it
//! reads, element and attribute names matched without their namespace
//! prefix (`x:row` is a `row`), and the spellings of booleans and numbers.

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};
use std::io::{BufRead, BufReader, Read};

/// One XML part read as events, never past `limit` bytes.
pub(super) struct Xml<R: Read> {
    reader: quick_xml::Reader<BufReader<std::io::Take<R>>>,
    buf: Vec<u8>,
    limit: u64,
    /// The part's name, for messages.
    part: &'static str,
    /// The name of the last end tag [`Xml::next_tag`] read, without prefix.
    closed: Vec<u8>,
}

impl<R: Read> Xml<R> {
    pub(super) fn new(inner: R, limit: u64, part: &'static str) -> Xml<R> {
        let buffered = BufReader::with_capacity(64 * 1024, inner.take(limit.saturating_add(1)));
        let mut reader = quick_xml::Reader::from_reader(buffered);
        let config = reader.config_mut();
        // payrun judges structure itself; only the tags must be read right.
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.check_comments = false;
        Xml {
            reader,
            buf: Vec::with_capacity(1024),
            limit,
            part,
            closed: Vec::with_capacity(64),
        }
    }

    /// The next event as a [`Tag`], or `None` at the end of the part: the
    /// scans match on an element's name without its prefix, and on whether
    /// a start tag closes itself, so both are read here once.
    pub(super) fn next_tag(&mut self) -> Result<Option<Tag<'_>>, String> {
        let Xml {
            reader,
            buf,
            limit,
            part,
            closed,
        } = self;
        let Some(event) = read(reader, buf, *limit, part)? else {
            return Ok(None);
        };
        Ok(Some(match event {
            Event::Start(e) => Tag::Open { e, empty: false },
            Event::Empty(e) => Tag::Open { e, empty: true },
            Event::End(e) => {
                // quick-xml lends an end tag's name only as long as the tag
                // lives; a copy beside the buffer outlives it.
                closed.clear();
                closed.extend_from_slice(local(e.name().as_ref()));
                Tag::Close(closed.as_slice())
            }
            Event::Text(t) => Tag::Text(t),
            Event::GeneralRef(r) => Tag::Ref(r),
            _ => Tag::Other,
        }))
    }

    /// Bytes read so far.
    pub(super) fn position(&self) -> u64 {
        self.reader.buffer_position()
    }
}

/// One event of a part, as the scans read it.
pub(super) enum Tag<'a> {
    /// A start tag; `empty` when it closes itself (`<c/>`), so that no
    /// [`Tag::Close`] follows.
    Open { e: BytesStart<'a>, empty: bool },
    /// An end tag, by its element's name without prefix.
    Close(&'a [u8]),
    /// Text between tags, entities left as written.
    Text(BytesText<'a>),
    /// An entity or character reference (`&amp;`, `&#x9EF;`) in text.
    Ref(BytesRef<'a>),
    /// A comment, declaration, doctype, CDATA section or processing
    /// instruction: nothing the scans read.
    Other,
}

/// The next event of `reader`, read into `buf`, or `None` at the end of the
/// part; an error past `limit` bytes or at XML quick-xml cannot read.
fn read<'b, B: BufRead>(
    reader: &mut quick_xml::Reader<B>,
    buf: &'b mut Vec<u8>,
    limit: u64,
    part: &str,
) -> Result<Option<Event<'b>>, String> {
    buf.clear();
    let event = reader.read_event_into(buf);
    if reader.buffer_position() > limit {
        return Err(format!("{part} is over {} MB", limit / (1024 * 1024)));
    }
    match event {
        Ok(Event::Eof) => Ok(None),
        Ok(e) => Ok(Some(e)),
        Err(e) => Err(format!(
            "{part} is not well-formed XML near byte {} ({e})",
            reader.error_position()
        )),
    }
}

/// An element's name without its namespace prefix.
pub(super) fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|b| *b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The value of the attribute whose name, without its prefix, is `name`,
/// entities resolved. A value that cannot be unescaped is kept as written.
pub(super) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    for a in attrs.flatten() {
        if local(a.key.as_ref()) == name {
            let raw = String::from_utf8_lossy(&a.value);
            return Some(match quick_xml::escape::unescape(&raw) {
                Ok(v) => v.into_owned(),
                Err(_) => raw.into_owned(),
            });
        }
    }
    None
}

/// The values of several attributes (names without prefix) in one pass
/// over the tag, for tags read by the million.
pub(super) fn attrs<const N: usize>(e: &BytesStart<'_>, names: [&[u8]; N]) -> [Option<String>; N] {
    let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
    let mut all = e.attributes();
    all.with_checks(false);
    for a in all.flatten() {
        let key = local(a.key.as_ref());
        if let Some(i) = names.iter().position(|n| *n == key)
            && let Some(slot) = out.get_mut(i)
            && slot.is_none()
        {
            let raw = String::from_utf8_lossy(&a.value);
            *slot = Some(match quick_xml::escape::unescape(&raw) {
                Ok(v) => v.into_owned(),
                Err(_) => raw.into_owned(),
            });
        }
    }
    out
}

/// The value of the attribute named exactly `qname` (prefix included), for
/// the `.ods` cell attributes calamine itself reads by their full names.
pub(super) fn attr_exact(e: &BytesStart<'_>, qname: &[u8]) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    attrs
        .flatten()
        .find(|a| a.key.as_ref() == qname)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// The character an entity or character reference in text stands for:
/// `&#x9EF;`, or one of XML's five named entities (`&quot;` in a formula).
pub(super) fn ref_char(r: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match &**r {
        b"quot" => Some('"'),
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"apos" => Some('\''),
        _ => None,
    }
}

/// Whether a boolean attribute says yes. ECMA-376 uses xsd:boolean (`1`,
/// `true`); LibreOffice writes `true`/`false`; `on` and `t` are accepted
/// too, as VML and old writers spell them. Anything that could mean yes
/// hides: a row wrongly taken as hidden refuses a sheet, a row wrongly taken
/// as visible could be paid.
pub(super) fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "on" | "t" | "yes"
    )
}

/// A whole number as written (surrounding spaces allowed).
pub(super) fn number(v: &str) -> Option<usize> {
    v.trim().parse().ok()
}

/// A decimal number as written; `None` if it is not one.
pub(super) fn decimal(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_gt_stays_inside_the_tag_and_entities_resolve() {
        let doc = r#"<a><x:row r="5" x="a>b" hidden="1" name="P &amp; Q"/></a>"#;
        let mut xml = Xml::new(doc.as_bytes(), 1 << 20, "test.xml");
        let mut seen = Vec::new();
        while let Some(tag) = xml.next_tag().unwrap() {
            if let Tag::Open { e, empty: true } = tag {
                seen.push((
                    local(e.name().as_ref()).to_vec(),
                    attr(&e, b"hidden"),
                    attr(&e, b"name"),
                ));
            }
        }
        assert_eq!(
            seen,
            vec![(b"row".to_vec(), Some("1".into()), Some("P & Q".into()))]
        );
    }

    #[test]
    fn tags_say_open_or_self_closing_and_close_by_their_local_name() {
        let doc = "<x:a><b/>t&amp;<!-- c --></x:a>";
        let mut xml = Xml::new(doc.as_bytes(), 1 << 20, "test.xml");
        let mut seen = Vec::new();
        while let Some(tag) = xml.next_tag().unwrap() {
            seen.push(match tag {
                Tag::Open { e, empty } => format!(
                    "open {} {empty}",
                    String::from_utf8_lossy(local(e.name().as_ref()))
                ),
                Tag::Close(name) => format!("close {}", String::from_utf8_lossy(name)),
                Tag::Text(t) => format!("text {}", String::from_utf8_lossy(&t)),
                Tag::Ref(r) => format!("ref {}", String::from_utf8_lossy(&r)),
                Tag::Other => "other".to_string(),
            });
        }
        assert_eq!(
            seen,
            [
                "open a false",
                "open b true",
                "text t",
                "ref amp",
                "other",
                "close a"
            ]
        );
    }

    #[test]
    fn the_limit_and_broken_xml_are_errors() {
        let doc = format!("<a>{}</a>", "x".repeat(10_000));
        let mut xml = Xml::new(doc.as_bytes(), 100, "big.xml");
        let e = loop {
            match xml.next_tag() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("read past the limit"),
                Err(e) => break e,
            }
        };
        assert!(e.contains("big.xml"), "{e}");
        let mut xml = Xml::new(&b"<a><b c=\"1></a>"[..], 1 << 20, "bad.xml");
        let mut failed = false;
        for _ in 0..10 {
            match xml.next_tag() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        assert!(failed);
        assert!(truthy(" TRUE ") && truthy("1") && truthy("on") && !truthy("0"));
        assert!(!truthy("false") && !truthy(""));
    }
}
