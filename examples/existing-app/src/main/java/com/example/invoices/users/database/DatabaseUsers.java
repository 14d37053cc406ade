package com.example.invoices.users.database;

import com.example.invoices.users.TeamMembers;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The {@code invoices-database.war} variant: the container's own database identity store checks
 * passwords against a table of the server's default data source (H2 in Payara Micro). The tables
 * are created and filled with the team's members when the application starts (a real service would
 * have them already).
 */
@DatabaseIdentityStoreDefinition(
    dataSourceLookup = "java:comp/DefaultDataSource",
    callerQuery = "select password from invoice_users where name = ?",
    groupsQuery = "select group_name from invoice_user_groups where name = ?")
@ApplicationScoped
public class DatabaseUsers {
  @Resource(lookup = "java:comp/DefaultDataSource") DataSource dataSource;
  @Inject Pbkdf2PasswordHash hashes;

  void createTables(@Observes @Initialized(ApplicationScoped.class) Object start) throws SQLException {
    hashes.initialize(Map.of());
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("create table if not exists invoice_users (name varchar(64) primary key, password varchar(512) not null)");
      s.executeUpdate("create table if not exists invoice_user_groups (name varchar(64) not null, group_name varchar(64) not null, "
          + "primary key (name, group_name))");
      s.executeUpdate("delete from invoice_user_groups");
      s.executeUpdate("delete from invoice_users");
      try (PreparedStatement user = c.prepareStatement("insert into invoice_users (name, password) values (?, ?)");
          PreparedStatement group = c.prepareStatement("insert into invoice_user_groups (name, group_name) values (?, ?)")) {
        for (TeamMembers.Member m : TeamMembers.ALL) {
          user.setString(1, m.name());
          user.setString(2, hashes.generate(m.password().toCharArray()));
          user.executeUpdate();
          for (String g : m.groups()) {
            group.setString(1, m.name());
            group.setString(2, g);
            group.executeUpdate();
          }
        }
      }
    }
  }
}
