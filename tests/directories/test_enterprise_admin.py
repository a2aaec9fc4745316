from django.urls import reverse

from kzsafety.directories.models import Enterprise, Region, Sector


def post_enterprise(client, bin_value):
    return client.post(
        reverse("admin:directories_enterprise_add"),
        {
            "bin": bin_value,
            "name": "New Plant",
            "region": Region.objects.get(code="55").pk,
            "sector": Sector.objects.get(key="energy").pk,
            "headcount": "120",
        },
    )


def test_enterprise_with_a_bad_bin_is_refused_with_the_reason(client, world):
    client.force_login(world.federation)
    response = post_enterprise(client, "081140000437")
    assert response.status_code == 200
    assert "081140000437" in str(response.context["adminform"].form.errors["bin"])
    assert not Enterprise.objects.filter(name="New Plant").exists()


def test_enterprise_with_a_valid_bin_is_saved_with_history(client, world):
    client.force_login(world.federation)
    response = post_enterprise(client, "081140000436")
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(bin="081140000436")
    assert enterprise.history.count() == 1
    assert enterprise.history.first().history_user == world.federation


def test_union_membership_change_is_kept_in_history(world):
    world.a.union_member = False
    world.a.save()
    assert list(world.a.history.values_list("union_member", flat=True)) == [False, True]
