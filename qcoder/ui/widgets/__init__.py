"""Small widgets and helpers the panes share: check lists, fitted columns, full text on hover."""
