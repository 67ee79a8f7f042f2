//! The header spellings of each statement field, folded (lower case,
//! letters and digits only), the most specific first: the names merchant
//! portals and the provider's API use. Data only; [`super::fields`] reads it.

pub(super) const TRADE_NO: &[&str] = &[
    "tradeno",
    "merchantorderno",
    "merchantorderid",
    "merchantordernumber",
    "mchorderno",
    "mchorderid",
    "merchanttradeno",
    "outtradeno",
    "orderno",
    "orderid",
    "ordernumber",
    "merchantinvoiceno",
    "merchantinvoicenumber",
    "merchantreference",
    "merchantref",
    "merchantrefno",
    "clientreference",
];

pub(super) const PLATFORM_NO: &[&str] = &[
    "platformtradeno",
    "platformorderno",
    "platformorderid",
    "platformordernumber",
    "platformno",
    "platformreference",
    "transactionid",
    "transactionno",
    "transactionnumber",
    "txnid",
    "txnno",
    "trxid",
    "trxno",
    "trxnid",
    "gatewayorderno",
    "gatewayreference",
    "providerreference",
    "systemorderno",
];

pub(super) const AMOUNT: &[&str] = &[
    "amount",
    "transactionamount",
    "txnamount",
    "trxamount",
    "payoutamount",
    "orderamount",
    "taka",
    "টাকা",
    "পরিমাণ",
];

pub(super) const DEBIT: &[&str] = &[
    "debit",
    "debitamount",
    "dr",
    "withdrawal",
    "withdrawals",
    "moneyout",
    "paidout",
    "outflow",
];

pub(super) const CREDIT: &[&str] = &[
    "credit",
    "creditamount",
    "cr",
    "deposit",
    "deposits",
    "moneyin",
    "inflow",
];

pub(super) const FEE: &[&str] = &[
    "fee",
    "fees",
    "charge",
    "charges",
    "servicecharge",
    "commission",
    "transactionfee",
    "txnfee",
    "feeamount",
    "chargeamount",
    "payoutfee",
];

pub(super) const STATUS: &[&str] = &[
    "status",
    "transactionstatus",
    "txnstatus",
    "orderstatus",
    "payoutstatus",
    "state",
    "result",
];

pub(super) const KIND: &[&str] = &[
    "type",
    "transactiontype",
    "txntype",
    "trxtype",
    "particulars",
    "narration",
    "description",
    "details",
    "category",
];

pub(super) const DIRECTION: &[&str] = &["drcr", "crdr", "debitcredit", "direction", "sign"];

pub(super) const TIME: &[&str] = &[
    "time",
    "datetime",
    "date",
    "transactiontime",
    "transactiondate",
    "txntime",
    "txndate",
    "trxtime",
    "trxdate",
    "completiontime",
    "completedat",
    "successtime",
    "createdat",
    "createtime",
    "valuedate",
    "postingdate",
    "paymenttime",
];

pub(super) const WALLET: &[&str] = &[
    "wallet",
    "walletno",
    "walletid",
    "walletnumber",
    "receiver",
    "receiverwallet",
    "receiveraccount",
    "receiverno",
    "beneficiaryaccount",
    "beneficiarywallet",
    "payeewallet",
    "customerwallet",
    "accountno",
    "accountnumber",
    "account",
    "mobile",
    "mobileno",
    "msisdn",
    "toaccount",
    "counterparty",
];

pub(super) const BALANCE: &[&str] = &[
    "balance",
    "runningbalance",
    "balanceafter",
    "closingbalance",
    "availablebalance",
    "postbalance",
];
