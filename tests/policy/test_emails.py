"""E-mail addresses and domains: IDNA 2008 normalisation and the company domain rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.policy import emails
from portalkit.policy.emails import (
    EmailAddress,
    EmailDomain,
    GroupDomains,
    InvalidEmailAddressError,
    InvalidEmailDomainError,
    domain_allowed,
)

labels = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
domains = st.builds(lambda a, b: f"{a}.{b}", labels, st.sampled_from(["de", "com", "eu"]))


def test_the_module_exports_exactly_its_public_api() -> None:
    expected = {
        "EmailAddress",
        "EmailDomain",
        "GroupDomains",
        "InvalidEmailAddressError",
        "InvalidEmailDomainError",
        "domain_allowed",
    }
    assert expected == set(emails.__all__)
    for name in emails.__all__:
        assert (getattr(emails, name).__doc__ or "").strip()


def test_domains_ignore_case() -> None:
    assert EmailDomain.parse("example.de") == EmailDomain.parse("Example.DE")


def test_sharp_s_is_not_ss_in_german_domains() -> None:
    assert EmailDomain.parse("strasse.de") != EmailDomain.parse("straße.de")
    assert EmailDomain.parse("Straße.de").ascii == "xn--strae-oqa.de"


def test_a_unicode_domain_equals_its_a_label() -> None:
    assert EmailDomain.parse("ärzte.de") == EmailDomain.parse("xn--rzte-koa.de")
    assert EmailDomain.parse("XN--RZTE-KOA.DE").unicode == "ärzte.de"


@pytest.mark.parametrize("text", ["", "localhost", "-bad.de", "a..de", "exa mple.de"])
def test_malformed_domains_are_refused(text: str) -> None:
    with pytest.raises(InvalidEmailDomainError) as caught:
        EmailDomain.parse(text)
    assert caught.value.code == "invalid_email_domain"


def test_a_lookalike_domain_never_matches() -> None:
    company = EmailDomain.parse("example.de")
    evil = EmailDomain.parse("evil-example.de")
    assert not company.contains(evil, subdomains=True)
    assert not company.contains(evil, subdomains=False)


def test_subdomains_match_only_when_allowed() -> None:
    company = EmailDomain.parse("example.de")
    branch = EmailDomain.parse("berlin.example.de")
    assert company.contains(branch, subdomains=True)
    assert not company.contains(branch, subdomains=False)


def test_addresses_are_normalised_for_comparison() -> None:
    address = EmailAddress.parse("  Max.Mustermann@Example.DE ")
    assert str(address) == "max.mustermann@example.de"
    assert address == EmailAddress.parse("max.mustermann@example.de")


def test_a_unicode_domain_address_reads_in_unicode() -> None:
    assert str(EmailAddress.parse("info@XN--STRAE-OQA.de")) == "info@straße.de"


@pytest.mark.parametrize("text", ["", "no-at-sign", "a@@b.de", "a@localhost", "a b@c.de"])
def test_malformed_addresses_are_refused(text: str) -> None:
    with pytest.raises(InvalidEmailAddressError) as caught:
        EmailAddress.parse(text)
    assert caught.value.code == "invalid_email_address"
    assert text == caught.value.address


def test_the_domain_rule_checks_the_address_domain() -> None:
    company = [EmailDomain.parse("beispiel.de"), EmailDomain.parse("beispiel.com")]
    assert domain_allowed(EmailAddress.parse("a@Beispiel.com"), company)
    assert not domain_allowed(EmailAddress.parse("a@gmail.com"), company)
    assert not domain_allowed(EmailAddress.parse("a@it.beispiel.de"), company)
    assert domain_allowed(EmailAddress.parse("a@it.beispiel.de"), company, subdomains=True)


def test_group_domains_include_their_subsidiaries() -> None:
    group = GroupDomains.of("kmc-servicegroup.de", "kmc-elevate.de")
    assert group.any_internal([EmailDomain.parse("facility.kmc-elevate.de")])
    assert not group.any_internal([EmailDomain.parse("kmc-elevate.com")])
    assert not GroupDomains().any_internal([EmailDomain.parse("kmc-elevate.de")])


@given(domains, st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))
def test_case_never_changes_a_domain(domain: str, recase: object) -> None:
    assert callable(recase)
    assert EmailDomain.parse(domain) == EmailDomain.parse(recase(domain))


@given(domains, labels)
def test_a_prefix_glued_to_the_domain_never_matches(domain: str, prefix: str) -> None:
    company = EmailDomain.parse(domain)
    glued = EmailDomain.parse(f"{prefix}-{domain}")
    assert not company.contains(glued, subdomains=True)


@given(domains, labels, st.booleans())
def test_a_subdomain_matches_exactly_when_subdomains_are_allowed(
    domain: str, sub: str, allowed: bool
) -> None:
    company = EmailDomain.parse(domain)
    address = EmailAddress.parse(f"x@{sub}.{domain}")
    assert allowed == domain_allowed(address, [company], subdomains=allowed)


@given(labels, domains)
def test_parsing_a_printed_address_gives_the_same_address(local: str, domain: str) -> None:
    address = EmailAddress.parse(f"{local}@{domain}")
    assert address == EmailAddress.parse(str(address))
