package io.iam4j.catalog;

import io.iam4j.IamException;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalog as JSON, in the shape of AWS's service reference information (one document per
 * service: {@code Name}, {@code Actions} with {@code Annotations.Properties}, {@code Resources} with
 * {@code ARNFormats}, {@code ConditionKeys} with {@code Types}), so that tools written for AWS's
 * files read ours. A whole catalog is {@code {"Services": [ ...one document each... ]}}.
 *
 * <p>Two members are iam4j's own and named so: {@code Required} on an action's resource (the
 * request's resource must be of that type) and {@code Sources} on an action (where the
 * application declares it). AWS's own files read back with both absent.
 */
public final class CatalogJson {
  private CatalogJson() {}

  /** The document of one service. */
  public static JsonObject toJson(ServiceReference s) {
    JsonArrayBuilder actions = Json.createArrayBuilder();
    for (ActionEntry a : s.actions()) {
      JsonArrayBuilder res = Json.createArrayBuilder();
      for (ActionEntry.ResourceUse r : a.resources()) {
        JsonObjectBuilder rb = Json.createObjectBuilder().add("Name", r.name());
        if (r.required()) {
          rb.add("Required", true);
        }
        res.add(rb);
      }
      JsonObjectBuilder ab = Json.createObjectBuilder()
          .add("Name", a.name())
          .add("Annotations", Json.createObjectBuilder().add("Properties", Json.createObjectBuilder()
              .add("IsList", a.accessLevel() == AccessLevel.LIST)
              .add("IsPermissionManagement", a.accessLevel() == AccessLevel.PERMISSIONS_MANAGEMENT)
              .add("IsTaggingOnly", a.accessLevel() == AccessLevel.TAGGING)
              .add("IsWrite", a.accessLevel() == AccessLevel.WRITE || a.accessLevel() == AccessLevel.PERMISSIONS_MANAGEMENT
                  || a.accessLevel() == AccessLevel.TAGGING)))
          .add("Resources", res);
      if (!a.conditionKeys().isEmpty()) {
        ab.add("ActionConditionKeys", strings(a.conditionKeys()));
      }
      if (!a.sources().isEmpty()) {
        ab.add("Sources", strings(a.sources()));
      }
      actions.add(ab);
    }
    JsonArrayBuilder resources = Json.createArrayBuilder();
    for (ResourceType r : s.resources()) {
      JsonObjectBuilder rb = Json.createObjectBuilder().add("Name", r.name()).add("ARNFormats", strings(r.arnFormats()));
      if (!r.conditionKeys().isEmpty()) {
        rb.add("ConditionKeys", strings(r.conditionKeys()));
      }
      resources.add(rb);
    }
    JsonArrayBuilder keys = Json.createArrayBuilder();
    for (ConditionKeyEntry k : s.conditionKeys()) {
      keys.add(Json.createObjectBuilder().add("Name", k.name()).add("Types", strings(k.types())));
    }
    return Json.createObjectBuilder().add("Name", s.name()).add("Actions", actions).add("ConditionKeys", keys)
        .add("Resources", resources).add("Version", "v1.4").build();
  }

  /** The whole catalog: {@code {"Services": [...]}}. */
  public static JsonObject toJson(ActionCatalog catalog) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    catalog.services().values().forEach(s -> a.add(toJson(s)));
    return Json.createObjectBuilder().add("Services", a).build();
  }

  /** Pretty-printed JSON text. */
  public static String print(JsonObject o) {
    JsonWriterFactory f = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    StringWriter out = new StringWriter();
    try (JsonWriter w = f.createWriter(out)) {
      w.writeObject(o);
    }
    return out.toString().strip() + "\n";
  }

  /**
   * Reads a catalog: a whole catalog ({@code Services}), one service document, or an array of
   * service documents. Problems name the file and the JSON pointer.
   */
  public static ActionCatalog read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  public static ActionCatalog parse(String text, String source) {
    JsonNode root;
    try {
      root = JsonReader.read(text);
    } catch (JsonReadException e) {
      throw new IamException(source + ": " + e.getMessage(), e);
    }
    List<ServiceReference> out = new ArrayList<>();
    if (root instanceof JsonNode.ArrayNode arr) {
      arr.elements().forEach(e -> out.add(service(e, source)));
    } else if (root instanceof JsonNode.ObjectNode o && o.get("Services") != null) {
      array(o.get("Services"), source).forEach(e -> out.add(service(e, source)));
    } else {
      out.add(service(root, source));
    }
    return ActionCatalog.of(out);
  }

  private static ServiceReference service(JsonNode n, String source) {
    JsonNode.ObjectNode o = object(n, source);
    String name = string(o, "Name", source);
    List<ActionEntry> actions = new ArrayList<>();
    for (JsonNode e : optArray(o.get("Actions"), source)) {
      JsonNode.ObjectNode a = object(e, source);
      List<ActionEntry.ResourceUse> res = new ArrayList<>();
      for (JsonNode r : optArray(a.get("Resources"), source)) {
        JsonNode.ObjectNode ro = object(r, source);
        res.add(new ActionEntry.ResourceUse(string(ro, "Name", source), ro.get("Required") instanceof JsonNode.BooleanNode b && b.value()));
      }
      actions.add(new ActionEntry(string(a, "Name", source), level(a), res, strings(a.get("ActionConditionKeys"), source),
          strings(a.get("Sources"), source)));
    }
    List<ResourceType> resources = new ArrayList<>();
    for (JsonNode e : optArray(o.get("Resources"), source)) {
      JsonNode.ObjectNode r = object(e, source);
      resources.add(new ResourceType(string(r, "Name", source), strings(r.get("ARNFormats"), source), strings(r.get("ConditionKeys"), source)));
    }
    List<ConditionKeyEntry> keys = new ArrayList<>();
    for (JsonNode e : optArray(o.get("ConditionKeys"), source)) {
      JsonNode.ObjectNode k = object(e, source);
      keys.add(new ConditionKeyEntry(string(k, "Name", source), strings(k.get("Types"), source)));
    }
    return new ServiceReference(name, actions, resources, keys);
  }

  /** The access level from AWS's annotations (no annotation: read). */
  private static AccessLevel level(JsonNode.ObjectNode action) {
    if (!(action.get("Annotations") instanceof JsonNode.ObjectNode ann) || !(ann.get("Properties") instanceof JsonNode.ObjectNode p)) {
      return AccessLevel.READ;
    }
    if (flag(p, "IsPermissionManagement")) {
      return AccessLevel.PERMISSIONS_MANAGEMENT;
    }
    if (flag(p, "IsTaggingOnly")) {
      return AccessLevel.TAGGING;
    }
    if (flag(p, "IsWrite")) {
      return AccessLevel.WRITE;
    }
    return flag(p, "IsList") ? AccessLevel.LIST : AccessLevel.READ;
  }

  private static boolean flag(JsonNode.ObjectNode o, String name) {
    return o.get(name) instanceof JsonNode.BooleanNode b && b.value();
  }

  private static JsonArrayBuilder strings(List<String> values) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    values.forEach(a::add);
    return a;
  }

  private static JsonNode.ObjectNode object(JsonNode n, String source) {
    if (n instanceof JsonNode.ObjectNode o) {
      return o;
    }
    throw new IamException(source + " at " + pointer(n) + ": expected an object, found " + n.typeName());
  }

  private static List<JsonNode> array(JsonNode n, String source) {
    if (n instanceof JsonNode.ArrayNode a) {
      return a.elements();
    }
    throw new IamException(source + " at " + pointer(n) + ": expected an array, found " + n.typeName());
  }

  private static List<JsonNode> optArray(JsonNode n, String source) {
    return n == null ? List.of() : array(n, source);
  }

  private static String string(JsonNode.ObjectNode o, String name, String source) {
    JsonNode n = o.get(name);
    if (n instanceof JsonNode.StringNode s && !s.value().isEmpty()) {
      return s.value();
    }
    throw new IamException(source + " at " + pointer(o) + "/" + name + ": expected a non-empty string"
        + (n == null ? ", found nothing" : ", found " + n.typeName()));
  }

  private static List<String> strings(JsonNode n, String source) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : n == null ? List.<JsonNode>of() : array(n, source)) {
      if (!(e instanceof JsonNode.StringNode s)) {
        throw new IamException(source + " at " + pointer(e) + ": expected a string, found " + e.typeName());
      }
      out.add(s.value());
    }
    return out;
  }

  private static String pointer(JsonNode n) {
    return n.pointer().isEmpty() ? "/" : n.pointer();
  }
}
