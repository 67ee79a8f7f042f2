//! Payee, net-pay, deduction and provider words: tables both ways.

use super::*;

/// Headers naming the number the money goes to (probe2 findings 3 and 9).
pub(in crate::intake) const PAYEE_HEADERS: [&str; 14] = [
    "Receiver Number",
    "Payment Number",
    "Payment No",
    "Payee Number",
    "Personal Number",
    "Payout Number",
    "Send Money To",
    "Transfer To",
    "Disburse To",
    "Beneficiary No",
    "প্রাপকের নম্বর",
    "পেমেন্ট নম্বর",
    "New Number",
    "Updated Number",
];

/// Headers naming the pay after deductions (probe2 finding 4).
pub(in crate::intake) const NET_HEADERS: [&str; 19] = [
    "Take Home",
    "Net",
    "Cash in hand",
    "In hand",
    "হাতে পাবে",
    "Payable after tax",
    "After Deduction",
    "Final",
    "Final Amount",
    "Receivable",
    "প্রাপ্য",
    "Revised",
    "Corrected",
    "Adjusted",
    "পাবে",
    "Transfer Amount",
    "Amount to Transfer",
    "Remit",
    "Remittance",
];

#[test]
fn payee_numbers_and_what_is_not_one() {
    for h in PAYEE_HEADERS.iter().chain(&["Recipient A/C"]) {
        assert!(names_payee_number(h), "{h}");
    }
    for h in [
        "Transaction Number",
        "Payment Method",
        "Payee Name",
        "Payment Date",
        "Payment Amount",
        "Receiver",
        "Payee",
        "Beneficiary",
        "Payment Status",
        "Disbursement",
        "Employee No",
        "Pay To",
        "Paid To",
    ] {
        assert!(!names_payee_number(h), "{h}");
    }
}

#[test]
fn net_pay_deductions_and_gross() {
    for h in NET_HEADERS
        .iter()
        .chain(&["Net Pay", "Payable", "Take-Home Pay"])
    {
        assert!(names_net_pay(h), "{h}");
        assert!(!names_deduction(h), "{h}");
    }
    for h in [
        "Final Date",
        "Net %",
        "Revised Mobile",
        "Adjusted Days",
        "Salary",
        "Status",
        "Corrected bKash",
        "Revised A/C",
    ] {
        assert!(!names_net_pay(h), "{h}");
    }
    for h in [
        "Advance Deduction",
        "Deduction",
        "Tax",
        "Less",
        "Fine",
        "কর্তন",
        "Income Tax (TDS)",
        "Loan Installment",
        "PF",
    ] {
        assert!(names_deduction(h), "{h}");
    }
    for h in [
        "Amount",
        "Bonus",
        "Salary",
        "After Deduction",
        "bKash Charge",
        "Tax ID",
        "Tax %",
        "Fine Date",
    ] {
        assert!(!names_deduction(h), "{h}");
    }
    for h in ["Salary", "Gross", "Basic", "Gross Salary", "Wages", "বেতন"] {
        assert!(looks_gross(h), "{h}");
    }
    for h in ["Amount", "Net Salary", "Payable", "Taka", "Total"] {
        assert!(!looks_gross(h), "{h}");
    }
}

#[test]
fn another_person_and_loose_provider_words() {
    for h in [
        "Guardian Phone",
        "Emergency Contact",
        "Father's Mobile",
        "পিতার মোবাইল",
    ] {
        assert!(names_another_person(h), "{h}");
    }
    for h in ["Mobile", "Contact No", "Alternate Phone", "Personal Number"] {
        assert!(!names_another_person(h), "{h}");
    }
    for h in ["Via", "Gateway", "Medium", "Account Type", "Payment Type"] {
        assert!(names_provider_loosely(h), "{h}");
    }
    for h in [
        "Type",
        "Employee Type",
        "Service",
        "Operator",
        "Gateway Charge",
        "Account No",
    ] {
        assert!(!names_provider_loosely(h), "{h}");
    }
}

#[test]
fn cash_headers_both_ways() {
    for h in [
        "Cash",
        "CASH",
        "In Cash",
        "Cash Portion",
        "Cash (Tk)",
        "নগদ",
        "নগদ টাকা",
    ] {
        assert!(names_cash(h), "{h}");
    }
    for h in [
        "bKash",
        "bKash Number",
        "Cash Out Charge",
        "Cashout Fee",
        "Cash Date",
        "Cash Remarks",
        "Cashier",
    ] {
        assert!(!names_cash(h), "{h}");
    }
}
