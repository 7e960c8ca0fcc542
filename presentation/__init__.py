"""Presentation mode for the Breed Overleg (issue #9): stories of saved views, shown full screen and exported.

- `story`: the story model (pydantic), the default story (data/story_breed_overleg.yaml), user stories on disk.
- `slides`: a slide → its title, numbers, source line, speaker notes and figure (pure, no Streamlit).
- `keys`: keyboard navigation (arrow keys, page up/down as clickers send, home/end).
- `screen`: how a slide and the story builder look on /presentatie (Streamlit).
"""
