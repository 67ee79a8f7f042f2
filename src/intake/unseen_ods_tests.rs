use super::*;
use quick_xml::events::Event;

fn looks(xml: &str) -> OdsLooks {
    let mut l = OdsLooks::default();
    let mut r = quick_xml::Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => l.start(&e),
            Ok(Event::End(e)) => l.end(local(e.name().as_ref())),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    l
}

/// LibreOffice's `;;;`, `0;;;` and a white font, as it writes them.
const STYLES: &str = r##"<x>
<number:number-style style:name="N144P0"><number:text/></number:number-style>
<number:number-style style:name="N144P1"><number:text/></number:number-style>
<number:number-style style:name="N144P2"><number:text/></number:number-style>
<number:text-style style:name="N144"><number:text/>
 <style:map style:condition="value()&gt;0" style:apply-style-name="N144P0"/>
 <style:map style:condition="value()&lt;0" style:apply-style-name="N144P1"/>
 <style:map style:condition="value()=0" style:apply-style-name="N144P2"/></number:text-style>
<number:number-style style:name="N2P0"><number:number number:decimal-places="0"/></number:number-style>
<number:number-style style:name="N2P1"><number:text/></number:number-style>
<number:number-style style:name="N2P2"><number:text/></number:number-style>
<number:text-style style:name="N2"><number:text/>
 <style:map style:condition="value()&gt;0" style:apply-style-name="N2P0"/>
 <style:map style:condition="value()&lt;0" style:apply-style-name="N2P1"/>
 <style:map style:condition="value()=0" style:apply-style-name="N2P2"/></number:text-style>
<number:number-style style:name="N3"><number:text>Tk </number:text><number:number number:grouping="true"/></number:number-style>
<style:style style:name="Default" style:family="table-cell"><style:text-properties fo:color="#000000"/></style:style>
<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N144"/>
<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:color="#ffffff"/></style:style>
<style:style style:name="ce3" style:family="table-cell" style:parent-style-name="ce2"><style:table-cell-properties fo:background-color="#000000"/></style:style>
<style:style style:name="ce4" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"/>
<style:style style:name="ce5" style:family="table-cell" style:data-style-name="N3"/>
<style:style style:name="ce6" style:family="table-cell" style:parent-style-name="ce1"/>
</x>"##;

#[test]
fn libreoffice_styles_that_show_nothing_are_found() {
    let h = looks(STYLES).hiding();
    let mut names: Vec<&str> = h.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["ce1", "ce2", "ce4", "ce6"]);
    let all = h["ce1"];
    assert!(all.positive && all.negative && all.zero && all.text);
    assert!(h["ce2"].invisible_ink);
    // `0;;;`: a positive amount shows, a negative or zero does not.
    let pos = h["ce4"];
    assert!(!pos.positive && pos.negative && pos.zero && pos.text);
    // Inherited from the parent style.
    assert_eq!(h["ce6"], all);
}

#[test]
fn conditions_are_read_as_comparisons_with_zero_only() {
    assert!(sign_condition("value()>0").is_some_and(|f| f(1.0) && !f(0.0)));
    assert!(sign_condition("value() <= 0").is_some_and(|f| f(0.0) && !f(1.0)));
    assert!(sign_condition("value()!=0").is_some_and(|f| f(-1.0) && !f(0.0)));
    assert!(sign_condition("value()>100").is_none());
    assert!(sign_condition("cell-content()>0").is_none());
}
