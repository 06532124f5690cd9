package org.sparsesam.core.instance;

/** One segmented object: its label, size and where it is, and how confident the map was inside it. */
public record InstanceInfo(int label, long area, double centroidX, double centroidY, double meanProbability) {}
