"""Presentation mode for the Breed Overleg (issues #9, #17): stories of saved views, shown full screen and exported.

- `story`: the story model (pydantic), the default story (data/story_breed_overleg.yaml), saved stories (in the
  program store through `programs.stories`: every replica the same, revisions, undoable deletes).
- `content`: what every medium shows of a slide (`SlideContent`), the data slides are made of, handout links.
- `data_slides`, `program_slide`, `slides`: a slide → its title, numbers, source, notes and figure (pure).
- `keys`: keyboard navigation (arrow keys, page up/down as clickers send, home/end).
The page itself is views/presentatie.py with views/presentatie_panels.py.
"""
