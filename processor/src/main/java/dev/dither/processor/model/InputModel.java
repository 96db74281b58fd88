package dev.dither.processor.model;

/** The {@code @Input} method: its name and the number of features per example. */
public record InputModel(String name, int size) {}
