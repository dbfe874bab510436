//! Webhook topics: Dwolla's documented topics in both spellings, open to new ones.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// How a topic is spelled.
///
/// Balance integrations receive snake-case topics (`customer_transfer_created`); Dwolla Connect
/// spells them `<resource>:<action>` or `<resource>.<related_resource>:<action>`
/// (`transfer:created`, `external_party.funding_source:created`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TopicForm {
    /// `customer_transfer_created`.
    SnakeCase,
    /// `transfer:created`, `external_party.funding_source:created`.
    Connect,
}

impl TopicForm {
    /// The form of a raw topic string: Connect when it has a `:`.
    pub fn of(raw: &str) -> TopicForm {
        if raw.contains(':') {
            TopicForm::Connect
        } else {
            TopicForm::SnakeCase
        }
    }
}

/// Generates [`Topic`] from one line per topic: its variant and its documented spellings.
/// One table keeps parsing, naming and the variants from drifting apart.
macro_rules! topics {
    ($( $(#[doc = $doc:literal])* $variant:ident => $name:literal $(| $alias:literal)*, )*) => {
        /// A webhook topic, parsed from either spelling; a topic this crate does not know is
        /// [`Topic::Other`], never an error.
        ///
        /// The two spellings name one variant when they spell the same words
        /// (`transfer_created` and `transfer:created` are both [`Topic::TransferCreated`]);
        /// [`TopicForm`] tells them apart. Topics documented in one spelling only parse from
        /// that spelling: `funding_source:created` is [`Topic::FundingSourceCreated`], and
        /// Balance's `funding_source_added` stays [`Topic::FundingSourceAdded`].
        ///
        /// The list is every topic table of Dwolla's developer documentation (Dwolla/dev-portal
        /// as of June 2025: Balance events reference and webhook events, real-time payments,
        /// the Verified Customer and beneficial-owner status tables, Connect webhook events,
        /// webhook subscriptions and transfer reference); `tests/fixtures/webhooks/dwolla/topics.txt`
        /// lists each name under its page.
        ///
        /// ```
        /// use dwolla_api::webhooks::Topic;
        ///
        /// assert_eq!(Topic::parse("transfer:created"), Topic::TransferCreated);
        /// assert_eq!(Topic::parse("transfer_created"), Topic::TransferCreated);
        /// assert_eq!(Topic::parse("customer_teleported"), Topic::Other("customer_teleported".into()));
        /// assert_eq!(Topic::ExternalPartyCreated.to_string(), "external_party:created");
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Topic {
            $( $(#[doc = $doc])* $variant, )*
            /// A topic not in the list above, exactly as Dwolla sent it.
            Other(String),
        }

        impl Topic {
            /// Parses a topic in either spelling; unknown topics become [`Topic::Other`].
            pub fn parse(raw: &str) -> Topic {
                match raw {
                    $( $name $(| $alias)* => Topic::$variant, )*
                    other => Topic::Other(other.to_owned()),
                }
            }

            /// The documented spellings, snake case first.
            fn names(&self) -> &'static [&'static str] {
                match self {
                    $( Topic::$variant => &[$name $(, $alias)*], )*
                    Topic::Other(_) => &[],
                }
            }

            #[cfg(test)]
            const KNOWN: &'static [Topic] = &[$( Topic::$variant, )*];
        }
    };
}

impl Topic {
    /// The topic's name: its snake-case spelling when Dwolla documents one, else its Connect
    /// spelling; for [`Topic::Other`], the raw string.
    pub fn as_str(&self) -> &str {
        match self {
            Topic::Other(raw) => raw,
            known => known.names().first().copied().unwrap_or_default(),
        }
    }

    /// The documented spelling in `form`, if Dwolla documents the topic in that form.
    ///
    /// ```
    /// use dwolla_api::webhooks::{Topic, TopicForm};
    ///
    /// assert_eq!(Topic::TransferFailed.name_in(TopicForm::Connect), Some("transfer:failed"));
    /// assert_eq!(Topic::CustomerCreated.name_in(TopicForm::Connect), None);
    /// ```
    pub fn name_in(&self, form: TopicForm) -> Option<&'static str> {
        self.names()
            .iter()
            .copied()
            .find(|name| TopicForm::of(name) == form)
    }

    /// Whether this is one of the documented topics (not [`Topic::Other`]).
    pub fn is_known(&self) -> bool {
        !matches!(self, Topic::Other(_))
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Topic {
    type Err = Infallible;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(Topic::parse(raw))
    }
}

impl From<&str> for Topic {
    fn from(raw: &str) -> Self {
        Topic::parse(raw)
    }
}

topics! {
    // ---- Main (master) account -------------------------------------------------------------
    /// The main Dwolla account was suspended.
    AccountSuspended => "account_suspended",
    /// The main Dwolla account became active again.
    AccountActivated => "account_activated",
    /// A funding source was added to the main account.
    FundingSourceAdded => "funding_source_added",
    /// A funding source was added to the main account (Connect).
    FundingSourceCreated => "funding_source:created",
    /// A funding source was removed from the main account.
    FundingSourceRemoved => "funding_source_removed" | "funding_source:removed",
    /// A main-account funding source was verified.
    FundingSourceVerified => "funding_source_verified",
    /// A main-account funding source was systematically unverified (usually after a failed transfer).
    FundingSourceUnverified => "funding_source_unverified",
    /// The main account's balance went negative.
    FundingSourceNegative => "funding_source_negative",
    /// A main-account funding source was updated (e.g. a bank's correction of the account type).
    FundingSourceUpdated => "funding_source_updated",
    /// Micro-deposits to a main-account bank were initiated.
    MicrodepositsAdded => "microdeposits_added",
    /// Micro-deposits to a main-account bank failed.
    MicrodepositsFailed => "microdeposits_failed",
    /// Micro-deposits to a main-account bank cleared.
    MicrodepositsCompleted => "microdeposits_completed",
    /// A main-account funding source reached its three micro-deposit verification attempts.
    MicrodepositsMaxattempts => "microdeposits_maxattempts",
    /// A bank transfer of the main account was created.
    BankTransferCreated => "bank_transfer_created",
    /// A transfer to the main account's bank could not be created (balance too low).
    BankTransferCreationFailed => "bank_transfer_creation_failed",
    /// A pending bank transfer of the main account was cancelled.
    BankTransferCancelled => "bank_transfer_cancelled",
    /// A bank transfer of the main account failed (e.g. an ACH return).
    BankTransferFailed => "bank_transfer_failed",
    /// A bank transfer of the main account cleared.
    BankTransferCompleted => "bank_transfer_completed",
    /// A transfer to or from the main account was created (Connect: account-to-account).
    TransferCreated => "transfer_created" | "transfer:created",
    /// A Connect account-to-account transfer went from created to pending.
    TransferPending => "transfer:pending",
    /// A Connect account-to-account transfer was processed.
    TransferProcessed => "transfer:processed",
    /// A pending transfer of the main account was cancelled.
    TransferCancelled => "transfer_cancelled",
    /// A transfer to or from the main account failed.
    TransferFailed => "transfer_failed" | "transfer:failed",
    /// A Connect account-to-account transfer was returned.
    TransferReturned => "transfer:returned",
    /// A transfer to or from the main account cleared.
    TransferCompleted => "transfer_completed",
    /// A Connect transfer was created (as named in Connect's transfer reference).
    AccountTransferCreated => "account.transfer:created",
    /// A Connect transfer went to pending (as named in Connect's transfer reference).
    AccountTransferPending => "account.transfer:pending",
    /// A Connect transfer was processed (as named in Connect's transfer reference).
    AccountTransferProcessed => "account.transfer:processed",
    /// A Connect transfer failed (as named in Connect's transfer reference).
    AccountTransferFailed => "account.transfer:failed",
    /// A mass payment was created.
    MassPaymentCreated => "mass_payment_created",
    /// A mass payment completed (its items may still have failed).
    MassPaymentCompleted => "mass_payment_completed",
    /// A deferred mass payment was cancelled.
    MassPaymentCancelled => "mass_payment_cancelled",
    /// A monthly statement of the main account was created.
    StatementCreated => "statement_created",
    // ---- Connect external parties ----------------------------------------------------------
    /// An external party was created.
    ExternalPartyCreated => "external_party:created",
    /// A funding source was added to an external party.
    ExternalPartyFundingSourceCreated => "external_party.funding_source:created",
    /// A funding source was removed from an external party.
    ExternalPartyFundingSourceRemoved => "external_party.funding_source:removed",
    // ---- Customers -------------------------------------------------------------------------
    /// A Customer was created.
    CustomerCreated => "customer_created",
    /// A Customer must answer knowledge-based authentication questions.
    CustomerKbaVerificationNeeded => "customer_kba_verification_needed",
    /// A Customer failed knowledge-based authentication.
    CustomerKbaVerificationFailed => "customer_kba_verification_failed",
    /// A Customer passed knowledge-based authentication.
    CustomerKbaVerificationPassed => "customer_kba_verification_passed",
    /// A Customer needs a document to be verified.
    CustomerVerificationDocumentNeeded => "customer_verification_document_needed",
    /// A verification document was uploaded for a Customer.
    CustomerVerificationDocumentUploaded => "customer_verification_document_uploaded",
    /// A Customer's verification document was rejected.
    CustomerVerificationDocumentFailed => "customer_verification_document_failed",
    /// A Customer's verification document was approved.
    CustomerVerificationDocumentApproved => "customer_verification_document_approved",
    /// A Customer's information was incomplete; it must be updated to verify them.
    CustomerReverificationNeeded => "customer_reverification_needed",
    /// A Business Verified Customer's verification is pending review.
    CustomerVerificationPendingReview => "customer_verification_pending_review",
    /// A Business Verified Customer's address could not be verified.
    CustomerAddressVerificationFailed => "customer_address_verification_failed",
    /// A Customer was verified.
    CustomerVerified => "customer_verified",
    /// A Customer was suspended.
    CustomerSuspended => "customer_suspended",
    /// A Customer became active again.
    CustomerActivated => "customer_activated",
    /// A Customer was deactivated.
    CustomerDeactivated => "customer_deactivated",
    /// A beneficial owner was created.
    CustomerBeneficialOwnerCreated => "customer_beneficial_owner_created",
    /// A beneficial owner was removed.
    CustomerBeneficialOwnerRemoved => "customer_beneficial_owner_removed",
    /// A beneficial owner needs a document to be verified.
    CustomerBeneficialOwnerVerificationDocumentNeeded => "customer_beneficial_owner_verification_document_needed",
    /// A beneficial owner needs a document: the name the beneficial-owner guide's status table
    /// gives [`Topic::CustomerBeneficialOwnerVerificationDocumentNeeded`].
    CustomerBeneficialOwnerDocumentNeeded => "customer_beneficial_owner_document_needed",
    /// A verification document was uploaded for a beneficial owner.
    CustomerBeneficialOwnerVerificationDocumentUploaded => "customer_beneficial_owner_verification_document_uploaded",
    /// A beneficial owner's verification document was rejected.
    CustomerBeneficialOwnerVerificationDocumentFailed => "customer_beneficial_owner_verification_document_failed",
    /// A beneficial owner's verification document was approved.
    CustomerBeneficialOwnerVerificationDocumentApproved => "customer_beneficial_owner_verification_document_approved",
    /// A verified beneficial owner must verify again.
    CustomerBeneficialOwnerReverificationNeeded => "customer_beneficial_owner_reverification_needed",
    /// A beneficial owner was verified.
    CustomerBeneficialOwnerVerified => "customer_beneficial_owner_verified",
    /// A Customer's exchange (open banking connection) needs re-authentication.
    CustomerExchangeReauthRequired => "customer_exchange_reauth_required",
    /// A funding source was added to a Customer.
    CustomerFundingSourceAdded => "customer_funding_source_added",
    /// A funding source was removed from a Customer.
    CustomerFundingSourceRemoved => "customer_funding_source_removed",
    /// A Customer's funding source was verified.
    CustomerFundingSourceVerified => "customer_funding_source_verified",
    /// A Customer's funding source was systematically unverified.
    CustomerFundingSourceUnverified => "customer_funding_source_unverified",
    /// A Customer's balance went negative.
    CustomerFundingSourceNegative => "customer_funding_source_negative",
    /// A Customer's funding source was updated.
    CustomerFundingSourceUpdated => "customer_funding_source_updated",
    /// A Customer's funding source was identified as eligible for real-time payments (RTP).
    CustomerFundingSourceRtpEnabled => "customer_funding_source_rtp_enabled",
    /// A Customer's RTP-eligible funding source was later identified as ineligible.
    CustomerFundingSourceRtpDisabled => "customer_funding_source_rtp_disabled",
    /// Micro-deposits to a Customer's bank were initiated.
    CustomerMicrodepositsAdded => "customer_microdeposits_added",
    /// Micro-deposits to a Customer's bank failed.
    CustomerMicrodepositsFailed => "customer_microdeposits_failed",
    /// Micro-deposits to a Customer's bank cleared.
    CustomerMicrodepositsCompleted => "customer_microdeposits_completed",
    /// A Customer reached their three micro-deposit verification attempts.
    CustomerMicrodepositsMaxattempts => "customer_microdeposits_maxattempts",
    /// A bank transfer of a verified Customer was created.
    CustomerBankTransferCreated => "customer_bank_transfer_created",
    /// A transfer to a verified Customer's bank could not be created (balance too low).
    CustomerBankTransferCreationFailed => "customer_bank_transfer_creation_failed",
    /// A pending bank transfer of a Customer was cancelled.
    CustomerBankTransferCancelled => "customer_bank_transfer_cancelled",
    /// A bank transfer of a Customer failed (e.g. an ACH return).
    CustomerBankTransferFailed => "customer_bank_transfer_failed",
    /// A bank transfer of a Customer cleared.
    CustomerBankTransferCompleted => "customer_bank_transfer_completed",
    /// A transfer for a Customer was created.
    CustomerTransferCreated => "customer_transfer_created",
    /// A pending transfer for a Customer was cancelled.
    CustomerTransferCancelled => "customer_transfer_cancelled",
    /// A transfer for a Customer failed.
    CustomerTransferFailed => "customer_transfer_failed",
    /// A transfer for a Customer cleared.
    CustomerTransferCompleted => "customer_transfer_completed",
    /// A Verified Customer's mass payment was created.
    CustomerMassPaymentCreated => "customer_mass_payment_created",
    /// A Verified Customer's mass payment completed.
    CustomerMassPaymentCompleted => "customer_mass_payment_completed",
    /// A Verified Customer's deferred mass payment was cancelled.
    CustomerMassPaymentCancelled => "customer_mass_payment_cancelled",
    /// A Customer's bank balance check completed.
    CustomerBalanceInquiryCompleted => "customer_balance_inquiry_completed",
    /// A Verified Customer's label was created.
    CustomerLabelCreated => "customer_label_created",
    /// A ledger entry of a Verified Customer's label was created.
    CustomerLabelLedgerEntryCreated => "customer_label_ledger_entry_created",
    /// A Verified Customer's label was removed.
    CustomerLabelRemoved => "customer_label_removed",
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_documented_spelling_parses_back_to_its_topic() {
        for topic in Topic::KNOWN {
            assert!(!topic.names().is_empty(), "{topic:?} has no name");
            for name in topic.names() {
                assert_eq!(&Topic::parse(name), topic, "{name}");
            }
            assert_eq!(&Topic::parse(topic.as_str()), topic);
        }
    }

    #[test]
    fn no_spelling_names_two_topics() {
        let mut seen = HashSet::new();
        for name in Topic::KNOWN.iter().flat_map(Topic::names) {
            assert!(seen.insert(*name), "{name} listed twice");
        }
    }

    #[test]
    fn snake_case_spelling_comes_first_and_connect_spellings_have_a_colon() {
        for topic in Topic::KNOWN {
            let names = topic.names();
            let snake = names.iter().filter(|n| !n.contains(':')).count();
            assert!(snake <= 1, "{topic:?}");
            if snake == 1 {
                assert_eq!(topic.name_in(TopicForm::SnakeCase), names.first().copied());
            }
        }
    }
}
