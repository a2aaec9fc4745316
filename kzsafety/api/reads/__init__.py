"""Read endpoints, one module per family. Every queryset comes from the family's scoping
function (`accidents_visible_to(user)`, ...): a token acts as its user, nothing more."""
