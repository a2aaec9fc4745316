from django.urls import reverse


def test_inspector_home_shows_their_enterprise(client, world):
    client.force_login(world.inspector_a)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["enterprise_count"] == 1
    assert world.a.name in response.content.decode()
    assert world.b.name not in response.content.decode()


def test_regional_home_counts_the_regions_enterprises(client, world):
    world.c.union_member = False
    world.c.save()
    client.force_login(world.regional)
    response = client.get(reverse("home"))
    assert response.context["enterprise_count"] == 2
    assert response.context["union_enterprise_count"] == 1
    assert response.context["inspector_count"] == 2


def test_user_without_role_is_told_to_ask_for_one(client, world):
    client.force_login(world.no_role)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["enterprise_count"] == 0
    assert "empty-state" in response.content.decode()


def test_only_federation_staff_get_the_administration_link(client, world):
    client.force_login(world.federation)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()
    client.force_login(world.regional)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, world):
    client.force_login(world.inspector_a)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
