"""The clinic details: which row is used, the include with and without one, and its admin."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from hsct_screen.learn.models import ClinicInfo, HsctProvision
from hsct_screen.learn.selectors import clinic_info
from tests.factories import ClinicInfoFactory, UserFactory

pytestmark = pytest.mark.django_db

GENERIC = "Ask your GP or neurologist whether a referral to an HSCT centre or a clinical trial makes sense for you."


def render_include(clinic):
    return render_to_string("learn/includes/clinic_info.html", {"clinic": clinic})


def test_clinic_info_is_none_without_a_row():
    assert clinic_info() is None


def test_clinic_info_is_the_most_recently_updated_row():
    newer = ClinicInfoFactory(name="Newer")
    older = ClinicInfoFactory(name="Older")
    ClinicInfo.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1))

    assert clinic_info() == newer


def test_include_without_a_clinic_shows_the_generic_line():
    html = render_include(None)

    assert GENERIC in html
    assert "href" not in html


def test_include_with_a_clinic_shows_how_to_contact_it_and_the_referral_steps():
    clinic = ClinicInfoFactory()

    html = render_include(clinic)

    assert "Riverside MS Centre" in html
    assert 'href="tel:+442079460000"' in html
    assert 'href="mailto:ms.team@clinic.example"' in html
    assert 'href="https://clinic.example/ms"' in html
    assert "Monday to Friday, 9am to 5pm" in html
    assert "<li>Ask your neurologist to email the MS team.</li>" in html
    assert GENERIC not in html


def test_include_leaves_out_details_that_are_not_set():
    html = render_include(ClinicInfoFactory(phone="", email="", website="", opening_hours="", referral_steps=""))

    assert "Riverside MS Centre" in html
    assert "tel:" not in html and "mailto:" not in html and "How to ask for a referral" not in html


def test_referral_steps_are_sanitised():
    html = render_include(ClinicInfoFactory(referral_steps='Call us <script>alert(1)</script><b onclick="x()">now</b>'))

    assert "<script" not in html and "alert" not in html and "onclick" not in html
    assert "Call us" in html and "now" in html


def test_clinic_fields_are_escaped():
    html = render_include(ClinicInfoFactory(name="<em>Clinic</em>", opening_hours="<script>x</script>"))

    assert "<em>Clinic</em>" not in html and "&lt;em&gt;Clinic&lt;/em&gt;" in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+44 (0)20 7946 0000", "tel:+440207946000" + "0"),
        ("0161 496 0000", "tel:01614960000"),
        ("ask at reception", ""),
    ],
)
def test_phone_link_keeps_only_digits_and_a_leading_plus(phone, href):
    assert ClinicInfo(name="x", phone=phone).phone_href() == href


def test_the_referral_page_shows_the_clinic(client):
    ClinicInfoFactory()

    html = client.get("/learn/where-and-trials/").content.decode()

    assert "Riverside MS Centre" in html


def test_the_referral_page_shows_the_generic_line_without_a_clinic(client):
    assert GENERIC in client.get("/learn/where-and-trials/").content.decode()


def test_admin_lists_changes_and_keeps_history_of_clinic_details(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    clinic = ClinicInfoFactory()

    assert client.get("/admin/learn/clinicinfo/").status_code == 200
    response = client.post(
        f"/admin/learn/clinicinfo/{clinic.pk}/change/",
        {
            "name": "Renamed centre",
            "phone": "",
            "email": "",
            "website": "",
            "opening_hours": "",
            "referral_steps": "",
            "notification_mode": "immediate",
        },
    )
    assert response.status_code == 302
    assert client.get(f"/admin/learn/clinicinfo/{clinic.pk}/history/").status_code == 200
    assert clinic.history.count() == 2


@pytest.mark.parametrize(
    ("provision", "expected"),
    [
        (HsctProvision.NOT_STATED, "Riverside MS Centre has not told us whether it provides HSCT itself."),
        (HsctProvision.NO, "Riverside MS Centre does not provide HSCT itself."),
        (
            HsctProvision.YES,
            "Riverside MS Centre provides HSCT itself, so it may gain if you choose to have HSCT there.",
        ),
        (HsctProvision.FOR_A_FEE, "Riverside MS Centre provides HSCT itself and charges for it, so it may gain"),
    ],
)
def test_the_interest_statement_says_whether_the_clinic_may_gain_from_hsct(provision, expected):
    statement = ClinicInfo(name="Riverside MS Centre", hsct_provision=provision).interest_statement()

    assert statement.startswith(expected)


@pytest.mark.parametrize("slug", ["privacy", "where-and-trials"])
def test_pages_with_the_clinic_details_say_who_runs_the_service_and_its_interest(client, slug):
    ClinicInfoFactory(hsct_provision=HsctProvision.FOR_A_FEE)

    html = client.get(f"/learn/{slug}/").content.decode()

    assert "This copy of HSCT Screen is run by <strong>Riverside MS Centre</strong>." in html
    assert "provides HSCT itself and charges for it" in html
    # The note comes before the contact details, so it is read before anyone gets in touch.
    assert html.index("charges for it") < html.index('id="clinic-info-heading"')


def test_without_clinic_details_the_privacy_page_says_not_to_give_contact_details_yet(client):
    html = client.get("/learn/privacy/").content.decode()

    assert "has not added its details yet. Until it does, do not give your contact details." in html


def test_the_interest_note_is_escaped(client):
    ClinicInfoFactory(name="<b>Clinic</b>", hsct_provision=HsctProvision.YES)

    html = render_to_string("learn/includes/conflict_of_interest.html", {"clinic": ClinicInfo.objects.get()})

    assert "<b>Clinic</b>" not in html and "&lt;b&gt;Clinic&lt;/b&gt;" in html


def test_admin_edits_whether_the_clinic_provides_hsct(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    clinic = ClinicInfoFactory()
    fields = {
        "name": clinic.name,
        "phone": "",
        "email": "",
        "website": "",
        "opening_hours": "",
        "referral_steps": "",
        "notification_mode": "immediate",
    }

    response = client.post(f"/admin/learn/clinicinfo/{clinic.pk}/change/", {**fields, "hsct_provision": "for_a_fee"})
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.hsct_provision == HsctProvision.FOR_A_FEE

    response = client.post(f"/admin/learn/clinicinfo/{clinic.pk}/change/", {**fields, "hsct_provision": "maybe"})
    assert response.status_code == 200
    assert "hsct_provision" in response.context["adminform"].form.errors
