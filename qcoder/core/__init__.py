"""The project file, its typed models and the use cases over them. Never imports Qt."""
