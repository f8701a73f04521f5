//! `clv report --contacts-dir`: each RFM segment's customers and the win-back list as contact
//! lists for Klaviyo, Mailchimp or Shopify, the files the page's "Download for…" buttons give.

use std::path::Path;

use clv_engine::export::{contacts_csv, ContactList, ContactTool};
use clv_engine::Report;

/// Writes a contact list per non-empty segment and the win-back list, per tool in `tools`
/// (all three when empty) into `dir`, and says on stderr how many customers without an
/// e-mail each file leaves out.
pub fn write(report: &Report, dir: &Path, tools: &[String]) -> Result<(), String> {
    let tools: Vec<ContactTool> = if tools.is_empty() {
        ContactTool::ALL.to_vec()
    } else {
        tools
            .iter()
            .map(|name| {
                ContactTool::from_name(name).ok_or_else(|| {
                    format!("unknown --contacts-tool {name:?}: use klaviyo, mailchimp or shopify")
                })
            })
            .collect::<Result<_, _>>()?
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut lists: Vec<ContactList> = report
        .summary
        .rfm
        .segments
        .iter()
        .filter(|s| s.customers > 0)
        .map(|s| ContactList::Segment(s.segment.clone()))
        .collect();
    lists.push(ContactList::WinBack);
    for list in &lists {
        for &tool in &tools {
            let file = contacts_csv(report, list, tool);
            let path = dir.join(&file.name);
            std::fs::write(&path, &file.text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            if file.without_email > 0 {
                eprintln!(
                    "{}: {} customers without an e-mail left out ({} written)",
                    file.name, file.without_email, file.customers
                );
            }
        }
    }
    Ok(())
}
