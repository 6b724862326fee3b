/// MarvelTUI: the full-screen console — terminal backends, widgets, panes and themes.
public enum MarvelTUI {}
